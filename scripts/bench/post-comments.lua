-- wrk's script for the comments benchmark's posting run (scripts/bench/comments.ts, wrkPosting).
--
-- Not run as it is: comments.ts reads this file at run time and writes it into the run's temporary
-- folder after a generated header that defines the run's data, as Lua locals:
--   OPENINGS, SUBJECTS, CLOSINGS, EXTRAS  the phrases texts are built from (commentText's)
--   COOKIES, ADDRESSES                    one session cookie and one X-Forwarded-For per account
--   STORIES                               {id=..., parents={...}}: the open stories, and the comments
--                                         visible on each before the run (replies go only to those:
--                                         wrk cannot tell which story a 201 belongs to)
--   ORIGIN                                the site's origin, for the Origin header
--   OFFSET                                the sequence number of the first post of this run
--   REPLY_SHARE                           the share of posts that are replies
--   THREADS                               wrk's threads (-t); each thread's sequence numbers step by it
--
-- It keeps every text it sends and every 201's id and status, and prints them with wrk's latency
-- figures when the run ends (RESULT, ACK, REFUSED and SENT lines, read by wrkPosting).

local threads = {}
local started = 0
function setup(thread)
  thread:set("first", OFFSET + started)
  started = started + 1
  table.insert(threads, thread)
end

function init(args)
  n = 0
  sent = {}
  acked = {}
  refused = {}
end

local function pick(list, sequence, salt)
  return list[(math.floor(math.abs(math.sin(sequence * 12.9898 + salt) * 43758.5453)) % #list) + 1]
end

local function text(sequence)
  local parts = {}
  for i = 0, sequence % 3 do
    parts[#parts + 1] = pick(OPENINGS, sequence, i * 3 + 1) .. " " .. pick(SUBJECTS, sequence, i * 3 + 2) .. " " .. pick(CLOSINGS, sequence, i * 3 + 3)
  end
  local words = {}
  local rest = sequence
  repeat
    words[#words + 1] = EXTRAS[(rest % #EXTRAS) + 1]
    rest = math.floor(rest / #EXTRAS)
  until rest == 0
  parts[#parts + 1] = "Also: " .. table.concat(words, " ") .. " (" .. sequence .. ")."
  return table.concat(parts, sequence % 2 == 0 and " " or "\n\n")
end

function request()
  local sequence = first + n * THREADS
  n = n + 1
  local account = sequence % #COOKIES
  local story = STORIES[((sequence + math.floor(sequence / #COOKIES)) % #STORIES) + 1]
  local body = text(sequence)
  sent[#sent + 1] = body
  local escaped = string.gsub(body, "\n", "\\n")
  local json = '{"body":"' .. escaped .. '"'
  if #story.parents > 0 and (sequence * 0.6180339887) % 1 < REPLY_SHARE then
    json = json .. ',"parentId":"' .. story.parents[((sequence * 31) % #story.parents) + 1] .. '"'
  end
  json = json .. "}"
  return wrk.format("POST", "/api/stories/" .. story.id .. "/comments", {
    ["Content-Type"] = "application/json",
    ["Origin"] = ORIGIN,
    ["Cookie"] = COOKIES[account + 1],
    ["X-Forwarded-For"] = ADDRESSES[account + 1],
    ["Accept"] = "application/json",
  }, json)
end

function response(status, headers, body)
  local id, state = string.match(body, '"id":"([^"]+)","status":"([A-Z]+)"')
  if status == 201 and id then
    acked[#acked + 1] = id .. " " .. state
  else
    refused[#refused + 1] = status .. " " .. string.sub((string.gsub(body, "\n", " ")), 1, 200)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d %d %d %d %d\n", summary.duration, summary.requests, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, e.connect, e.read, e.write, e.timeout, e.status))
  for _, thread in ipairs(threads) do
    for _, line in ipairs(thread:get("acked")) do io.write("ACK ", line, "\n") end
    for _, line in ipairs(thread:get("refused")) do io.write("REFUSED ", line, "\n") end
    for _, line in ipairs(thread:get("sent")) do io.write("SENT ", (string.gsub(line, "\n", "\\n")), "\n") end
  end
end
