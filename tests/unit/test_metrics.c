/*
 * Unit tests for app/util/metrics: nothing counted before metrics_init(),
 * requests folded by route and status with cumulative buckets, and
 * counts that a forked child adds seen by its parent (the workers').
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../app/util/metrics.h"

static void
label(int route, const char **method, const char **pattern)
{
	*method = "GET";
	*pattern = route == 3 ? "/three" : "/other";
}

static char *
scrape(void)
{
	struct buf	 b = BUF_INIT;
	char		*s;

	metrics_write(&b, label);
	s = strdup(buf_str(&b) != NULL ? buf_str(&b) : "");
	buf_free(&b);
	assert_non_null(s);
	return s;
}

static void
off_before_init(void **state)
{
	char	*s;

	(void)state;
	metrics_request(3, 200, 10);
	metrics_add(METRIC_DB_ERRORS);
	s = scrape();
	assert_string_equal(s, "");
	free(s);
}

static void
routes_statuses_buckets(void **state)
{
	char	*s;

	(void)state;
	assert_int_equal(metrics_init(), 0);
	metrics_request(3, 200, 800);		/* 0.0008 s */
	metrics_request(3, 200, 30000);		/* 0.03 s */
	metrics_request(3, 418, 5);		/* folded into "other" */
	metrics_request(-1, 404, 5);		/* no route */
	metrics_add(METRIC_DB_ERRORS);
	s = scrape();
	assert_non_null(strstr(s, "portal_requests_total{method=\"GET\","
	    "route=\"/three\",status=\"200\"} 2\n"));
	assert_non_null(strstr(s, "portal_request_duration_seconds_bucket{"
	    "method=\"GET\",route=\"/three\",status=\"200\",le=\"0.001\"} 1\n"));
	assert_non_null(strstr(s, "le=\"0.025\"} 1\n"));
	assert_non_null(strstr(s, "portal_request_duration_seconds_bucket{"
	    "method=\"GET\",route=\"/three\",status=\"200\",le=\"0.05\"} 2\n"));
	assert_non_null(strstr(s, "status=\"200\",le=\"+Inf\"} 2\n"));
	assert_non_null(strstr(s, "portal_request_duration_seconds_sum{"
	    "method=\"GET\",route=\"/three\",status=\"200\"} 0.030800\n"));
	assert_non_null(strstr(s, "route=\"/three\",status=\"other\"} 1\n"));
	assert_non_null(strstr(s, "portal_requests_total{method=\"\","
	    "route=\"(none)\",status=\"404\"} 1\n"));
	assert_non_null(strstr(s, "\nportal_db_errors_total 1\n"));
	/* Routes nobody asked for are left out. */
	assert_null(strstr(s, "/other"));
	free(s);
}

static void
children_add_to_the_parent(void **state)
{
	pid_t	 pid;
	int	 status;
	char	*s;

	(void)state;
	if ((pid = fork()) == 0) {
		metrics_request(3, 201, 5);
		metrics_add(METRIC_WORKER_RESTARTS);
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	s = scrape();
	assert_non_null(strstr(s, "route=\"/three\",status=\"201\"} 1\n"));
	assert_non_null(strstr(s, "\nportal_worker_restarts_total 1\n"));
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(off_before_init),
		cmocka_unit_test(routes_statuses_buckets),
		cmocka_unit_test(children_add_to_the_parent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
