/*
 * Unit tests for the statement table and its parameter counts
 * (app/db/stmt.c, app/db/db.c): every statement's declared count is the
 * highest $n of its SQL, and a call with another number of parameters is
 * refused before anything is sent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../app/db/db.h"
#include "../../app/util/log.h"

static void
real_table_consistent(void **state)
{
	int	 bad = -1;

	(void)state;
	assert_int_equal(stmt_check(stmts, STMT__MAX, &bad), 0);
	assert_int_equal(bad, -1);
}

static void
inconsistent_rows_found(void **state)
{
	static const struct stmt_def good[] = {
		{ "SELECT 1", 0 },
		{ "SELECT $1, $2, $1", 2 },
		{ "SELECT $10, $9, $8, $7, $6, $5, $4, $3, $2, $1", 10 },
		{ "SELECT '$' || $1", 1 },
	};
	static const struct stmt_def fewer[] = {
		{ "SELECT $1", 1 },
		{ "SELECT $1, $2, $3", 2 },
	};
	static const struct stmt_def more[] = {
		{ "SELECT $1", 2 },
	};
	static const struct stmt_def missing[] = {
		{ "SELECT 1", 0 },
		{ NULL, 0 },
	};
	int	 bad = -1;

	(void)state;
	assert_int_equal(stmt_check(good, 4, &bad), 0);
	assert_int_equal(stmt_check(fewer, 2, &bad), -1);
	assert_int_equal(bad, 1);
	assert_int_equal(stmt_check(more, 1, &bad), -1);
	assert_int_equal(bad, 0);
	assert_int_equal(stmt_check(missing, 2, &bad), -1);
	assert_int_equal(bad, 1);
}

/*
 * The count checked before any connection: a server that is not there
 * answers DB_UNAVAILABLE, so DB_ERROR means the call was refused first.
 */
static void
wrong_counts_refused(void **state)
{
	struct db	*db;
	json_t		*row = NULL;

	(void)state;
	log_set_level((enum log_level)(LOG_ERROR + 1));
	db = db_new("host=/nonexistent port=1 connect_timeout=1");
	assert_non_null(db);
	assert_int_equal(db_row(db, STMT_LOCATION_BY_SLUG, DB_PARAMS("a",
	    "b"), &row), DB_ERROR);
	assert_null(row);
	assert_int_equal(db_row(db, STMT_LOCATION_BY_SLUG, DB_NO_PARAMS,
	    &row), DB_ERROR);
	assert_int_equal(db_command(db, STMT_PING, DB_PARAMS("x"), NULL),
	    DB_ERROR);
	assert_int_equal(db_row(db, STMT_LOCATION_BY_SLUG, DB_PARAMS("a"),
	    &row), DB_UNAVAILABLE);
	assert_int_equal(db_ping(db), DB_UNAVAILABLE);
	db_free(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_table_consistent),
		cmocka_unit_test(inconsistent_rows_found),
		cmocka_unit_test(wrong_counts_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
