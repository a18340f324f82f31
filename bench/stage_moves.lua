-- wrk script: moves opportunities between two open stages, cycling through the ids in
-- $IDS_FILE ("id" per line); each request moves the next one to the other stage.
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do
  if #line > 0 then ids[#ids + 1] = line end
end
local stages = { os.getenv("STAGE_A"), os.getenv("STAGE_B") }
local key = os.getenv("KEY")
local i = math.random(#ids)
local turn = 0
request = function()
  i = i % #ids + 1
  turn = turn + 1
  local body = '{"stageId":"' .. stages[(turn % 2) + 1] .. '"}'
  return wrk.format("POST", "/api/v1/opportunities/" .. ids[i] .. "/stage",
                    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end
