-- POST /v1/grants of vpc-backup, a new account per request (BENCH_NONCE: 8 hex digits of this run,
-- then the thread and a counter), as the caller whose token is BENCH_TOKEN. Counts answers by status.
package.path = "bench/wrk/?.lua;" .. package.path
local report = require("report")

local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

local headers = {
  ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
  ["Content-Type"] = "application/json",
}
local nonce = os.getenv("BENCH_NONCE")
local counter = 0
accepted = 0
other = 0

function request()
  counter = counter + 1
  local account = string.format("%s%08x%016x", nonce, thread_id, counter)
  return wrk.format("POST", "/v1/grants", headers,
    '{"recipe":"vpc-backup","parameters":{"accountId":"' .. account .. '"}}')
end

function response(status, headers, body)
  if status == 202 or status == 201 then
    accepted = accepted + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local a, o = 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("accepted")
    o = o + thread:get("other")
  end
  report.line(summary, latency, string.format(" created=%d not_created=%d", a, o))
end
