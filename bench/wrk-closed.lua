-- wrk script of the load generator's "wrk" phase (dev.budgetsync.bench.WrkLoad): one thread walks
-- the pre-signed unique events of args[1] (lines "signature<TAB>body") in order, one request each,
-- and appends "id<TAB>outcome" of every 200 answer to args[2]. done() prints the latency at every
-- 0.1th percentile and the answers by status for WrkLoad to read. With args[3] = "once" each event
-- is sent once, and the thread stops when they run out (wrk still waits out its -d, so the file
-- must outlast the run); with "cycle" the file is sent again and again (duplicates).
local requests = {}
local next_request = 0
local acked
local cycle
statuses = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local signature, body = line:match("^([^\t]+)\t(.*)$")
    requests[#requests + 1] = wrk.format("POST", "/api/webhooks/stripe",
      { ["Content-Type"] = "application/json; charset=utf-8", ["Stripe-Signature"] = signature,
        ["User-Agent"] = "Stripe/1.0 (+https://stripe.com/docs/webhooks)" }, body)
  end
  acked = assert(io.open(args[2], "w"))
  cycle = args[3] == "cycle"
end

function request()
  next_request = next_request + 1
  if next_request > #requests and cycle then
    next_request = 1
  elseif next_request > #requests then
    wrk.thread:stop()
    return wrk.format("GET", "/health/live")
  end
  return requests[next_request]
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if status == 200 then
    acked:write(body:match('"id":"([^"]*)"') or "?", "\t", body:match('"outcome":"([^"]*)"') or "?", "\n")
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
  end
  local e = summary.errors
  io.write(string.format("summary duration_us %d requests %d connect %d read %d write %d timeout %d\n",
    summary.duration, summary.requests, e.connect, e.read, e.write, e.timeout))
end
