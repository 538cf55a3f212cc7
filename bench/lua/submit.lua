-- wrk script (bench/run submit): POST an imagine body and count the answer codes.
-- args: <api key> <path>. Only code 1 (submitted) and 22 (queued) are
-- acknowledged submits; every other code (23 = queue full, ...) and every
-- non-200 status is counted apart. The ceiling (POST /echo) answers code 1
-- with the same script, so both runs pay the same body parsing.
-- Queues fill once 100 accounts x (core 12 + queue 100) tasks wait: from then
-- on, acks only follow completions. So each thread also counts the acks before
-- its first non-acknowledged answer and when that came (LuaJIT ffi clock), and
-- done() reports that admission rate apart (acked_until_full_rps).
local headers = {}
local path = "/"
local body = '{"prompt":"a red cat sitting on a blue chair, studio light, 35mm, highly detailed"}'
codes = {}
http_errors = 0
start_us = 0
full_at_us = 0
acked_before_full = 0

local has_ffi, ffi = pcall(require, "ffi")
if has_ffi then
  ffi.cdef([[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock_id, bench_timespec* tp);
  ]])
end

local function now_us()
  if not has_ffi then return 0 end
  local ts = ffi.new("bench_timespec")
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  headers["mj-api-secret"] = args[1]
  headers["Content-Type"] = "application/json"
  path = args[2]
  start_us = now_us()
end

function request()
  return wrk.format("POST", path, headers, body)
end

function response(status, hdrs, resp)
  if status ~= 200 then
    http_errors = http_errors + 1
    return
  end
  local code = string.match(resp, '"code"%s*:%s*(%-?%d+)') or "none"
  codes[code] = (codes[code] or 0) + 1
  if full_at_us == 0 then
    if code == "1" or code == "22" then
      acked_before_full = acked_before_full + 1
    else
      full_at_us = now_us()
    end
  end
end

function done(summary, latency, requests)
  local total = {}
  local errors = 0
  local until_full_rps = 0
  local first_full_ms = -1
  local end_us = now_us()
  for _, t in ipairs(threads) do
    local t_start = t:get("start_us")
    local t_full = t:get("full_at_us")
    local t_end = t_full > 0 and t_full or end_us
    if t_end > t_start then
      until_full_rps = until_full_rps + t:get("acked_before_full") / ((t_end - t_start) / 1000000)
    end
    if t_full > 0 and (first_full_ms < 0 or (t_full - t_start) / 1000 < first_full_ms) then
      first_full_ms = (t_full - t_start) / 1000
    end
    for code, n in pairs(t:get("codes")) do
      total[code] = (total[code] or 0) + n
    end
    errors = errors + t:get("http_errors")
  end
  local acked = (total["1"] or 0) + (total["22"] or 0)
  local parts = {}
  for code, n in pairs(total) do
    parts[#parts + 1] = code .. ":" .. n
  end
  table.sort(parts)
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d sockerr=%d timeouts=%d acked=%d http_errors=%d codes=%s acked_until_full_rps=%d first_full_ms=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout, acked, errors, table.concat(parts, ","), until_full_rps, first_full_ms))
end
