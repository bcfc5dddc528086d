-- wrk script for bench/web.py: one endpoint per run, signed in as many people in turn.
-- BENCH_METHOD, BENCH_PATH, BENCH_AUTH (none | cookie | token), BENCH_TOKENS (a file with one
-- session token per line: allauth's app token, which is also the Django session key, so the
-- same value works as the `sessionid` cookie), BENCH_BODY (a file, for POST).
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH")
local auth = os.getenv("BENCH_AUTH") or "none"
local tokens = {}
if auth ~= "none" then
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
end
local body = nil
local body_file = os.getenv("BENCH_BODY")
if body_file and #body_file > 0 then
  local f = io.open(body_file, "r")
  body = f:read("*a")
  f:close()
end

local threads = {}
local next_id = 0
function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local counter = 0
function init(args)
  -- Each thread starts at a different person; requests then take people in turn.
  counter = (thread_id or 0) * 7919
end

function request()
  counter = counter + 1
  local headers = {}
  if auth ~= "none" then
    local token = tokens[(counter % #tokens) + 1]
    if auth == "cookie" then
      headers["Cookie"] = "sessionid=" .. token
    else
      headers["X-Session-Token"] = token
    end
  end
  if body then
    headers["Content-Type"] = "application/json"
  end
  return wrk.format(method, path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "non_2xx_3xx": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
