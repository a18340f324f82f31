-- wrk script: POSTs batches of 1,000 new contacts to /api/v1/contacts/batch. Every request sends
-- different people (names, e-mails and handles drawn at random), as an import of new contacts
-- would: their keys land at random places in the indexes, not in one region that repeats.
local first = { "Ana", "Bego", "Carlos", "Diego", "Elena", "Fermín", "Gloria", "Hugo", "Irene",
  "Jorge", "Lucía", "Marta", "Nacho", "Olga", "Pablo", "Rosa", "Sergio", "Teresa", "Óscar", "Zoe" }
local last = { "García", "Muñoz", "López", "Ortiz", "Sánchez", "Pérez", "Gómez", "Martín", "Ruiz",
  "Díaz", "Moreno", "Álvarez", "Romero", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos" }
local stages = { "subscriber", "lead", "mql", "sql" }
local counter = 0
wrk.headers["Content-Type"] = "application/json"

local function letters(n)
  local out = {}
  for i = 1, n do out[i] = string.char(96 + math.random(26)) end
  return table.concat(out)
end

local function contact()
  counter = counter + 1
  local handle = letters(6) .. counter
  return string.format(
    '{"firstName":"%s","lastName":"%s %s","emails":["%s@%s.es"],"phones":["6%08d"],'
      .. '"country":"ES","tags":["bench"],"lifecycleStage":"%s",'
      .. '"socialProfiles":[{"network":"linkedin","handle":"%s"}]}',
    first[math.random(#first)], last[math.random(#last)], letters(5), handle, letters(7),
    math.random(0, 99999999), stages[math.random(#stages)], handle)
end

-- Each wrk thread draws its own people.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
init = function()
  math.randomseed(os.time() * 100 + (id or 0))
end

request = function()
  local items = {}
  for i = 1, 1000 do items[i] = contact() end
  -- No headers table: it would replace wrk.headers, and with them the Authorization header.
  return wrk.format("POST", "/api/v1/contacts/batch", nil,
    '{"contacts":[' .. table.concat(items, ",") .. "]}")
end
