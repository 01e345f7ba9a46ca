-- wrk script: cycles through pre-signed unique Stripe events (bench/overload.sh writes them).
local requests = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    local signature, body = line:match("^([^\t]+)\t(.*)$")
    requests[#requests + 1] = wrk.format("POST", "/api/webhooks/stripe",
      { ["Content-Type"] = "application/json", ["Stripe-Signature"] = signature }, body)
  end
end

function request()
  counter = counter + 1
  return requests[(counter % #requests) + 1]
end

function done(summary, latency, requests)
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
