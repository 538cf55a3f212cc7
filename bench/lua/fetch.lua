-- wrk script (bench/run fetch): GET on a random id from a file.
-- args: <ids file> <api key> <path format, "%s" = the id>
-- The ceiling run uses the same script with "/hello", so both pay the same Lua cost.
local ids = {}
local headers = {}
local path_format = "/"

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  headers["mj-api-secret"] = args[2]
  path_format = args[3]
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  return wrk.format("GET", string.format(path_format, ids[math.random(#ids)]), headers)
end

function done(summary, latency, requests)
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d sockerr=%d timeouts=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout))
end
