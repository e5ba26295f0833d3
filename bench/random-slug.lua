-- wrk: a random slug out of /b1 … /bN per request (N is the first script argument; the second,
-- if given, replaces the prefix "b"). BENCH_UA in the environment, if set, is sent as the
-- User-Agent.
local n = 10000
local prefix = "b"
local headers = {}
function init(args)
  n = tonumber(args[1]) or n
  prefix = args[2] or prefix
  local ua = os.getenv("BENCH_UA")
  if ua and ua ~= "" then headers["User-Agent"] = ua end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end
function request()
  return wrk.format("GET", "/" .. prefix .. math.random(1, n), headers)
end
