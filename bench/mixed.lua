-- bench/mixed.lua: the mixed workload of `make bench` (bench/README.md,
-- "The mixed workload"), a wrk script.  Many people of several locations
-- read their working group's pages, anonymous visitors read the public
-- pages, national staff read the national overview, and 5% of requests
-- write, with each person's session cookie, CSRF token and Origin, as the
-- portal's own pages would:
--
--   kind        share  request
--   wg           45%   GET /l/{slug}/wg/, .../wg/initiatives, .../wg/members
--   public       40%   GET /, /l/{slug}/, /l/{slug}/initiatives, a published
--                      initiative, anonymously (the micro-cache's share)
--   national     10%   GET /national/ as national staff
--   update      1.5%   POST a progress update on an initiative (201)
--   review      1.5%   PUT the member's review of a request in review (200)
--   edit          1%   PATCH an initiative's summary with its version (200)
--   transition    1%   POST start_review on a submitted request (200)
--
-- Every request carries X-Bench-Kind, which nginx's local config logs with
-- its time (bench/run.sh reports each kind from that log).  An edit or a
-- transition is made once per initiative or request, at the version the
-- data file says, so no two ever conflict: each wrk thread takes every
-- n-th of them, and the warm-up (wrk ... -- warmup) other ones than the
-- run.  When a thread has used its share, it posts a progress update
-- instead and counts it (done() prints how many).
--
-- The data file (BENCH_MIXED_DATA, written by bench/run.sh) has a line per
-- session, initiative or request:
--   session <role> <slug> <cookie> <csrf>   role member, coordinator, national
--   initiative <slug> <id> <version> <public 0|1>
--   submitted <slug> <id>
--   in_review <slug> <id>

local threads = {}
local next_id = 0

function setup(thread)
   thread:set("tid", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

local origin = os.getenv("BENCH_BASE_URL") or ""
local members, coordinator, national = {}, {}, {}
local slugs, initiatives, public, submitted, in_review = {}, {}, {}, {}, {}
local edits, transitions = {}, {}
local next_edit, next_transition = 1, 1
exhausted = 0

local function push(t, k, v)
   t[k] = t[k] or {}
   table.insert(t[k], v)
end

local function words(line)
   local w = {}
   for s in line:gmatch("%S+") do table.insert(w, s) end
   return w
end

-- Whether this thread (of this phase: 0 the run, 1 the warm-up) makes the
-- edit or transition of the row with this id.
local function mine(id, tid, nthreads, phase)
   return tonumber(id) % (2 * nthreads) == 2 * tid + phase
end

local function load_data(path, tid, nthreads, phase)
   local seen = {}
   local f = assert(io.open(path, "r"), "BENCH_MIXED_DATA: no such file")
   for line in f:lines() do
      local w = words(line)
      local s = { slug = w[3], cookie = w[4], csrf = w[5] }
      if w[1] == "session" and w[2] == "member" then
         push(members, w[3], s)
         if not seen[w[3]] then seen[w[3]] = true; table.insert(slugs, w[3]) end
      elseif w[1] == "session" and w[2] == "coordinator" then
         coordinator[w[3]] = s
      elseif w[1] == "session" then
         table.insert(national, s)
      elseif w[1] == "initiative" then
         local ini = { slug = w[2], id = w[3], version = w[4] }
         push(initiatives, w[2], ini)
         if w[5] == "1" then push(public, w[2], ini) end
         -- This thread's share of the edits.
         if mine(w[3], tid, nthreads, phase) then table.insert(edits, ini) end
      elseif w[1] == "submitted" then
         if mine(w[3], tid, nthreads, phase) then
            table.insert(transitions, { slug = w[2], id = w[3] })
         end
      elseif w[1] == "in_review" then
         push(in_review, w[2], w[3])
      end
   end
   f:close()
   assert(#slugs > 0 and #national > 0, "BENCH_MIXED_DATA holds no sessions")
end

function init(args)
   math.randomseed(tid * 7919 + os.time())
   load_data(os.getenv("BENCH_MIXED_DATA") or "", tid,
      tonumber(os.getenv("BENCH_THREADS") or "2"), args[1] == "warmup" and 1 or 0)
end

local function pick(t) return t[math.random(#t)] end

local function read(kind, path, who)
   local h = { ["X-Bench-Kind"] = kind }
   if who then h["Cookie"] = "portal_session=" .. who.cookie end
   return wrk.format("GET", path, h)
end

local function write(kind, method, path, who, body)
   return wrk.format(method, path, {
      ["X-Bench-Kind"] = kind,
      ["Cookie"] = "portal_session=" .. who.cookie,
      ["X-CSRF-Token"] = who.csrf,
      ["Origin"] = origin,
      ["Content-Type"] = "application/json",
      ["Accept"] = "application/json",
   }, body)
end

local api = "/api/v1/locations/"

local function update(slug)
   local ini = pick(initiatives[slug])
   return write("update", "POST", api .. slug .. "/initiatives/" .. ini.id .. "/updates",
      pick(members[slug]), '{"body": "Bench progress: a session held.", "people_reached": 3}')
end

local function review(slug)
   return write("review", "PUT", api .. slug .. "/requests/" .. pick(in_review[slug]) .. "/reviews/mine",
      pick(members[slug]), '{"conflict": false, "scores": {"alignment": 4, "benefit": 3, ' ..
      '"feasibility": 4, "value": 3}, "comment": "Bench review."}')
end

local function edit()
   local ini = edits[next_edit]
   if ini == nil then exhausted = exhausted + 1; return update(pick(slugs)) end
   next_edit = next_edit + 1
   return write("edit", "PATCH", api .. ini.slug .. "/initiatives/" .. ini.id,
      pick(members[ini.slug]), '{"version": ' .. ini.version .. ', "summary": "Edited under load."}')
end

local function transition()
   local r = transitions[next_transition]
   if r == nil then exhausted = exhausted + 1; return update(pick(slugs)) end
   next_transition = next_transition + 1
   return write("transition", "POST", api .. r.slug .. "/requests/" .. r.id .. "/transitions",
      coordinator[r.slug], '{"action": "start_review"}')
end

local wg_pages = { "wg/", "wg/initiatives", "wg/members" }

local function public_read(slug)
   local n = math.random(10)
   if n == 1 then return read("public", "/") end
   if n <= 4 then return read("public", "/l/" .. slug .. "/") end
   if n <= 6 or public[slug] == nil then return read("public", "/l/" .. slug .. "/initiatives") end
   -- A few of each location's published initiatives: the ones people open.
   local list = public[slug]
   return read("public", "/l/" .. slug .. "/initiatives/" .. list[math.random(math.min(#list, 20))].id)
end

function request()
   local slug = pick(slugs)
   local n = math.random(1000)
   if n <= 450 then
      return read("wg", "/l/" .. slug .. "/" .. pick(wg_pages), pick(members[slug]))
   elseif n <= 850 then
      return public_read(slug)
   elseif n <= 950 then
      return read("national", "/national/", pick(national))
   elseif n <= 965 then
      return update(slug)
   elseif n <= 980 then
      return review(slug)
   elseif n <= 990 then
      return edit()
   end
   return transition()
end

function done(summary, latency, requests)
   local n = 0
   for _, t in ipairs(threads) do n = n + (t:get("exhausted") or 0) end
   io.write(string.format("mixed: %d edits or transitions became updates (the data ran out)\n", n))
end
