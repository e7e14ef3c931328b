-- The load phase of `make bench` (bench/run.py, load_phase): wrk sends, on every connection, the requests
-- listed in a file in turn, each with its own header (the session cookie of a page, the token of an API
-- route), and prints its figures as one JSON line.
--
--   wrk -t2 -c32 -d60s --timeout 30s -s bench/load.lua http://127.0.0.1:8765 -- LIST
--
-- LIST: one request per line, "path<TAB>header name<TAB>header value". Each thread starts at another
-- place in the list, so that the connections do not all ask for the same page at the same moment.

local requests = {}
local counter = 0
local threads_started = 0

function setup(thread)
  thread:set("offset", threads_started)
  threads_started = threads_started + 1
end

function init(args)
  local file = assert(io.open(args[1], "r"), "bench/load.lua: the list of requests is missing")
  for line in file:lines() do
    local path, name, value = line:match("^([^\t]+)\t([^\t]+)\t(.+)$")
    if path then
      requests[#requests + 1] = wrk.format("GET", path, { [name] = value })
    end
  end
  file:close()
  assert(#requests > 0, "bench/load.lua: no request in " .. args[1])
  counter = (offset or 0) * 7
end

function request()
  counter = counter + 1
  return requests[counter % #requests + 1]
end

function done(summary, latency, _requests)
  local errors = summary.errors
  io.write(string.format(
    'LOAD-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "errors_connect": %d, "errors_read": %d, ' ..
    '"errors_write": %d, "errors_timeout": %d, "errors_status": %d, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "mean_us": %.0f}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read, errors.write,
    errors.timeout, errors.status, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
