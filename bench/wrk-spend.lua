-- wrk script of the load generator's "spend" phase (dev.budgetsync.bench.AgentLoad): one thread sends
-- POST /api/spend, request n on account <prefix><n % k> for 1 + n % 100 cents, each with its own
-- Idempotency-Key "<tag>-<n>", so every request is a new spend. args: token, tag, k, prefix.
-- done() prints, as wrk-closed.lua does, the latency at every 0.1th percentile, the answers by
-- status, and how many 200s lacked the budget status they should carry.
local token, tag, k, prefix
local n = 0
statuses = {}
unexpected = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  token, tag, k, prefix = args[1], args[2], tonumber(args[3]), args[4]
end

function request()
  n = n + 1
  local body = string.format('{"account":"%s%d","agent":"bench","amount":%d,"currency":"usd"}',
    prefix, n % k, 1 + n % 100)
  return wrk.format("POST", "/api/spend", { ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json", ["Idempotency-Key"] = tag .. "-" .. n }, body)
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if status == 200 and not body:find('"spent"', 1, true) then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  for permille = 1, 1000 do
    io.write(string.format("latency_us %d %d\n", permille, latency:percentile(permille / 10)))
  end
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      io.write(string.format("status %s %d\n", status, count))
    end
    io.write(string.format("unexpected %d\n", thread:get("unexpected")))
  end
  local e = summary.errors
  io.write(string.format("summary duration_us %d requests %d connect %d read %d write %d timeout %d\n",
    summary.duration, summary.requests, e.connect, e.read, e.write, e.timeout))
end
