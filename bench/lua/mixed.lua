-- wrk script (bench/run soak): mixed load of fetch, list-by-condition and submit.
-- args: <ids file> <api key> <delay ms between a connection's requests> [submit %] [list %]
-- Shares default to 10 % submits, 5 % list-by-condition (100 ids), the rest GET fetch.
-- The delay paces the load (wrk has no rate option): rate ~ connections / (delay + latency).
local ids = {}
local headers = {}
local pause_ms = 0
local submit_share, list_share = 0.10, 0.05
local submit_body = '{"prompt":"a quiet harbour at dawn, soft light, 35mm"}'
bad_codes = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  headers["mj-api-secret"] = args[2]
  headers["Content-Type"] = "application/json"
  pause_ms = tonumber(args[3]) or 0
  if args[4] then submit_share = tonumber(args[4]) / 100 end
  if args[5] then list_share = tonumber(args[5]) / 100 end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local r = math.random()
  if r < submit_share then
    return wrk.format("POST", "/mj/submit/imagine", headers, submit_body)
  end
  if r < submit_share + list_share then
    local picked = {}
    for i = 1, 100 do picked[i] = '"' .. ids[math.random(#ids)] .. '"' end
    return wrk.format("POST", "/mj/task/list-by-condition", headers,
      '{"ids":[' .. table.concat(picked, ",") .. ']}')
  end
  return wrk.format("GET", "/mj/task/" .. ids[math.random(#ids)] .. "/fetch", headers)
end

function delay()
  return pause_ms
end

function response(status, hdrs, resp)
  local code = string.match(resp, '"code"%s*:%s*(%-?%d+)')
  if code and code ~= "1" and code ~= "22" then bad_codes = bad_codes + 1 end
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("bad_codes") end
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d sockerr=%d timeouts=%d bad_codes=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout, bad))
end
