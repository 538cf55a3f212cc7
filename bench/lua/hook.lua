-- wrk script (bench/run pipeline): the webhook sink's own ceiling. POSTs one task-shaped
-- JSON body (read from a file) like mjgate's notifier does, so the table can show that the
-- sink is not the bottleneck of the webhook figures.
-- args: <body file>
local body = ""
local headers = { ["Content-Type"] = "application/json", ["X-Mjgate-Event"] = "task.finished" }

function init(args)
  local f = io.open(args[1], "r")
  body = f:read("*a")
  f:close()
end

function request()
  return wrk.format("POST", "/hook", headers, body)
end

function done(summary, latency, requests)
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d sockerr=%d timeouts=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout))
end
