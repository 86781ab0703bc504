-- The requests of `pnpm bench:api` (apps/web/bench/legacy-api.ts), one kind per wrk run:
--
--   wrk ... -s load.lua <url> -- <body> <path> <first id> <last id> [cookie]
--
-- <body>: none (GET), form (urlencoded), multipart (multipart/form-data, no
-- picture) or trpc-update (the tRPC mutation's JSON). <path> may hold `{id}`,
-- replaced by a random customer id in [first id, last id] on every request.
-- The updates write new values each time: an update that changes nothing
-- skips the write in the app, and would measure less than a real one.
-- done() prints one line, `WRK_RESULT {json}`, that the runner parses.

local bodyKind, pathTemplate, firstId, lastId
local headers = {}
local threads = 0
local BOUNDARY = "----crbench7MA4YWxkTrZu0gW"

function setup(thread)
  threads = threads + 1
  thread:set("threadIndex", threads)
end

function init(args)
  bodyKind = args[1]
  pathTemplate = args[2]
  firstId = tonumber(args[3])
  lastId = tonumber(args[4])
  -- wrk.headers holds the Host header with the port; keep it
  for name, value in pairs(wrk.headers) do headers[name] = value end
  if args[5] and args[5] ~= "" then headers["Cookie"] = args[5] end
  -- each thread its own sequence
  math.randomseed(os.time() * 1000 + (threadIndex or 0) * 7919)
end

local function urlencode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- The four fields of every update (the ceiling writes the same four columns).
local function updateFields()
  local n = math.random(1, 999999)
  return {
    { "creditLimit", tostring(math.random(0, 99999)) },
    { "phone", "+33 4 93 " .. n },
    { "email", "buyer" .. n .. "@shop.example" },
    { "comment", "Synced by the ERP, batch " .. n },
  }
end

local function formBody(fields)
  local parts = {}
  for i, field in ipairs(fields) do parts[i] = urlencode(field[1]) .. "=" .. urlencode(field[2]) end
  return table.concat(parts, "&")
end

local function multipartBody(fields)
  local parts = {}
  for _, field in ipairs(fields) do
    parts[#parts + 1] = "--" .. BOUNDARY .. "\r\nContent-Disposition: form-data; name=\"" .. field[1] .. "\"\r\n\r\n" .. field[2] .. "\r\n"
  end
  parts[#parts + 1] = "--" .. BOUNDARY .. "--\r\n"
  return table.concat(parts)
end

local function trpcUpdateBody(id, fields)
  local f = {}
  for _, field in ipairs(fields) do f[field[1]] = field[2] end
  return string.format(
    '{"json":{"id":%d,"patch":{"creditLimit":%s,"phone":"%s","email":"%s","comment":"%s"}}}',
    id, f.creditLimit, f.phone, f.email, f.comment
  )
end

function request()
  local id = math.random(firstId, lastId)
  local path = pathTemplate:gsub("{id}", tostring(id))
  if bodyKind == "none" then
    headers["Content-Type"] = nil
    return wrk.format("GET", path, headers, nil)
  elseif bodyKind == "form" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", path, headers, formBody(updateFields()))
  elseif bodyKind == "multipart" then
    headers["Content-Type"] = "multipart/form-data; boundary=" .. BOUNDARY
    return wrk.format("POST", path, headers, multipartBody(updateFields()))
  elseif bodyKind == "trpc-update" then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", path, headers, trpcUpdateBody(id, updateFields()))
  end
  error("unknown body kind: " .. tostring(bodyKind))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(99)), math.floor(latency.max),
    e.connect, e.read, e.write, e.status, e.timeout
  ))
end
