-- wrk script (bench/run pipeline, scale, soak): submit a fixed number of imagines, then stop.
-- args: <api key> <path> <prompt> <notifyHook or "-"> <acks wanted per wrk thread> <ids out file>
-- Each thread stops after its share of acknowledged (code 1/22) submits. After a
-- queue-full answer (code 23) the connection waits 5 ms before its next submit, so a
-- full queue is not turned into a busy loop. The acknowledged task ids go to the file.
-- wrk's main thread still waits for -d: set -d to the longest the submits may take.
local headers = {}
local path = "/"
local body = ""
local quota = 0
ids_out = ""
ids = {}
codes = {}
acked = 0
back_off = false
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  headers["mj-api-secret"] = args[1]
  headers["Content-Type"] = "application/json"
  path = args[2]
  local hook = args[4]
  if hook ~= nil and hook ~= "-" then
    body = string.format('{"prompt":"%s","notifyHook":"%s"}', args[3], hook)
  else
    body = string.format('{"prompt":"%s"}', args[3])
  end
  quota = tonumber(args[5])
  ids_out = args[6]
end

function request()
  return wrk.format("POST", path, headers, body)
end

function delay()
  if back_off then return 5 end
  return 0
end

function response(status, hdrs, resp)
  if status ~= 200 then
    codes["http" .. status] = (codes["http" .. status] or 0) + 1
    back_off = true
    return
  end
  local code = string.match(resp, '"code"%s*:%s*(%-?%d+)') or "none"
  codes[code] = (codes[code] or 0) + 1
  back_off = not (code == "1" or code == "22")
  if not back_off then
    local id = string.match(resp, '"result"%s*:%s*"(%d+)"')
    if id then ids[#ids + 1] = id end
    acked = acked + 1
    if acked >= quota then wrk.thread:stop() end
  end
end

function done(summary, latency, requests)
  local out = io.open(threads[1]:get("ids_out"), "w")
  local total = {}
  local n = 0
  for _, t in ipairs(threads) do
    for _, id in ipairs(t:get("ids")) do
      out:write(id, "\n")
      n = n + 1
    end
    for code, c in pairs(t:get("codes")) do total[code] = (total[code] or 0) + c end
  end
  out:close()
  local parts = {}
  for code, c in pairs(total) do parts[#parts + 1] = code .. ":" .. c end
  table.sort(parts)
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d sockerr=%d timeouts=%d acked=%d codes=%s\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout, n, table.concat(parts, ",")))
end
