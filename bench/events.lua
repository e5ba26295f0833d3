-- wrk: the site snippet's view events, as browsers send them (a text/plain JSON body), each
-- from a client address of its own (Lanterne must trust 127.0.0.1's X-Forwarded-For, so the
-- per-client limit counts readers, not wrk) on one of N pages of the site whose key is the
-- first script argument.
local key, n = "BenchSiteKey0001", 10000
function init(args)
  key = args[1] or key
  n = tonumber(args[2]) or n
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end
function request()
  local body = '{"site":"' .. key .. '","event":"view","url":"https://bench.example/p' ..
    math.random(1, n) .. '","referrer":"https://t.co/x"}'
  local headers = {
    ["Accept"] = "*/*",
    ["Content-Type"] = "text/plain;charset=UTF-8",
    ["Origin"] = "https://bench.example",
    ["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    ["X-Forwarded-For"] = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254),
  }
  return wrk.format("POST", "/e", headers, body)
end
