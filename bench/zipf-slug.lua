-- wrk: a slug out of /b1 … /bN per request, chosen with a Zipf distribution of exponent 1
-- (/b1 the most asked, /bk asked 1/k as often), the way visits crowd on a campaign's few
-- popular links. N is the first script argument; the second, if given, replaces the prefix
-- "b". BENCH_UA in the environment, if set, is sent as the User-Agent.
local n = 10000
local prefix = "b"
local headers = {}
local cdf = {}
function init(args)
  n = tonumber(args[1]) or n
  prefix = args[2] or prefix
  local ua = os.getenv("BENCH_UA")
  if ua and ua ~= "" then headers["User-Agent"] = ua end
  local sum = 0
  for k = 1, n do
    sum = sum + 1 / k
    cdf[k] = sum
  end
  for k = 1, n do cdf[k] = cdf[k] / sum end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end
-- The smallest k whose cumulative share reaches u.
local function rank(u)
  local lo, hi = 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return lo
end
function request()
  return wrk.format("GET", "/" .. prefix .. rank(math.random()), headers)
end
