-- wrk's script for the newsroom-day benchmark (scripts/bench/newsroom-day.ts).
--
-- Not run as it is: newsroom-day.ts writes it into the run's temporary folder after a generated
-- header that defines, as Lua globals:
--   MODE          "zipf": readers of the newsroom day, drawn at random, for the whole run;
--                 "walk": each path of the list once, in order, then stop (the long tail, the
--                 pages after a restart)
--   LIST_FILE     the story paths, one a line (for "zipf": in order of popularity, rank 1 first)
--   FRONTS        the home page and section fronts (for "zipf")
--   HOME_SHARE, FRONT_SHARE   shares of requests for the home page and a section front ("zipf");
--                 the rest are story pages
--   SEED          the random seed
-- Every answer is counted by status and by the value of each response header whose name has
-- "cache" in it (x-nextjs-cache and the like; not cache-control), and printed when the run ends
-- (COUNT lines, read by newsroom-day.ts), with wrk's latency figures.

local paths = {}
for line in io.lines(LIST_FILE) do paths[#paths + 1] = line end

local cdf = nil
local issued = 0
local answered = 0

function init(args)
  math.randomseed(SEED)
  counts = {}
  if MODE == "zipf" then
    -- Zipf with s = 1: rank k is asked for in proportion to 1/k.
    cdf = {}
    local sum = 0
    for k = 1, #paths do
      sum = sum + 1 / k
      cdf[k] = sum
    end
    for k = 1, #paths do cdf[k] = cdf[k] / sum end
  end
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

function delay()
  -- A walk sends each path once: when all are out, the connections wait until the last answers stop the run.
  if MODE == "walk" and issued >= #paths then return 3600000 end
  return 0
end

function request()
  local path
  if MODE == "walk" then
    issued = issued + 1
    path = paths[math.min(issued, #paths)]
  else
    local r = math.random()
    if r < HOME_SHARE then
      path = "/"
    elseif r < HOME_SHARE + FRONT_SHARE then
      path = FRONTS[math.random(#FRONTS)]
    else
      path = zipfPath()
    end
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
  answered = answered + 1
  if MODE == "walk" and answered >= #paths then wrk.thread:stop() end
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
