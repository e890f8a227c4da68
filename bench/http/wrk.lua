-- Requests for wrk (Debian package wrk): each request puts the next value
-- of the file WRK_VALUES (one a line, percent-encoded) into the path
-- template WRK_PATH at {id} or {q}, signed in with WRK_TOKEN. At the end it
-- prints one JSON line: requests, errors, requests per second and latency
-- percentiles in milliseconds.
--
--   WRK_VALUES=ids.txt WRK_PATH='/v1/accounts/{id}/linked?depth=2' WRK_TOKEN=... \
--     wrk -t2 -c16 -d10s -s bench/http/wrk.lua http://127.0.0.1:8080
local values = {}
for line in io.lines(os.getenv("WRK_VALUES")) do
  if line ~= "" then values[#values + 1] = line end
end
local template = os.getenv("WRK_PATH")
local auth = "Bearer " .. os.getenv("WRK_TOKEN")
local name = os.getenv("WRK_NAME") or template

local function enc(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local paths = {}
for i, v in ipairs(values) do
  local e = enc(v)
  paths[i] = template:gsub("{id}", function() return e end):gsub("{q}", function() return e end)
end

local n = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

local reqs = {}

function init(args)
  -- each thread starts at its own place in the list, and formats its
  -- requests once
  n = (id * 7919) % #paths
  for i, p in ipairs(paths) do
    reqs[i] = wrk.format("GET", p, { ["Authorization"] = auth })
  end
end

function request()
  n = n % #reqs + 1
  return reqs[n]
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    '{"name":"%s","tool":"wrk","conns":%d,"requests":%d,"seconds":%.2f,"rps":%.0f,' ..
    '"errors":%d,"non2xx":%d,"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f}\n',
    name, tonumber(os.getenv("WRK_CONNS") or "0"), summary.requests, secs, summary.requests / secs,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
