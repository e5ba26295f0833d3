-- wrk: a random slug out of /b1 … /bN per request (N is the first script argument).
local n = 10000
function init(args)
  n = tonumber(args[1]) or n
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end
function request()
  return wrk.format("GET", "/b" .. math.random(1, n))
end
