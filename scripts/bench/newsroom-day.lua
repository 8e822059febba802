-- wrk's script for the newsroom-day benchmark (scripts/bench/newsroom-day.ts).
--
-- Not run as it is: newsroom-day.ts writes it into the run's temporary folder after a generated
-- header that defines, as Lua globals:
--   LIST_FILE     the story paths, one a line, in order of popularity (rank 1 first)
--   FRONTS        the section fronts
--   HOME_SHARE, FRONT_SHARE   shares of requests for the home page and a section front; the rest
--                 are story pages, drawn with a Zipf distribution (s = 1) over the list
--   SEED          the random seed
-- Every answer is counted by status and by the value of each response header whose name has
-- "cache" in it (x-nextjs-cache and the like; not cache-control), and printed when the run ends
-- (COUNT lines, read by newsroom-day.ts), with wrk's latency figures.

local paths = {}
for line in io.lines(LIST_FILE) do paths[#paths + 1] = line end

local cdf = nil

function init(args)
  math.randomseed(SEED)
  counts = {}
  -- Zipf with s = 1: rank k is asked for in proportion to 1/k.
  cdf = {}
  local sum = 0
  for k = 1, #paths do
    sum = sum + 1 / k
    cdf[k] = sum
  end
  for k = 1, #paths do cdf[k] = cdf[k] / sum end
end

local function zipfPath()
  local u = math.random()
  local lo, hi = 1, #cdf
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return paths[lo]
end

function request()
  local path
  local r = math.random()
  if r < HOME_SHARE then
    path = "/"
  elseif r < HOME_SHARE + FRONT_SHARE then
    path = FRONTS[math.random(#FRONTS)]
  else
    path = zipfPath()
  end
  return wrk.format("GET", path)
end

local function count(key)
  counts[key] = (counts[key] or 0) + 1
end

function response(status, headers, body)
  count("status " .. status)
  for name, value in pairs(headers) do
    local lower = string.lower(name)
    if string.find(lower, "cache", 1, true) and lower ~= "cache-control" then count("header " .. lower .. " " .. value) end
  end
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("counts")) do io.write("COUNT ", n, " ", key, "\n") end
  end
end
