-- GET of the URL wrk is given; with BENCH_TOKEN set, as that caller (else anonymous, as probes are).
package.path = "bench/wrk/?.lua;" .. package.path
local report = require("report")

local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

function done(summary, latency, requests)
  report.line(summary, latency)
end
