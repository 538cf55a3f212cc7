-- wrk script (bench/run fetch-list): POST {"ids":[100 random ids]} to a path.
-- args: <ids file> <api key> <path>; every body has the same size (16-digit ids),
-- so the ceiling run (POST /echo) receives the same bytes.
local ids = {}
local headers = {}
local path = "/"
local per_request = 100

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  headers["mj-api-secret"] = args[2]
  headers["Content-Type"] = "application/json"
  path = args[3]
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local picked = {}
  for i = 1, per_request do
    picked[i] = '"' .. ids[math.random(#ids)] .. '"'
  end
  return wrk.format("POST", path, headers, '{"ids":[' .. table.concat(picked, ",") .. ']}')
end

function done(summary, latency, requests)
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d sockerr=%d timeouts=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout))
end
