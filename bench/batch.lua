-- wrk script: POSTs the batch of contacts in $BODY_FILE to /api/v1/contacts/batch.
local file = io.open(os.getenv("BODY_FILE"), "rb")
local body = file:read("*a")
file:close()
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
request = function()
  return wrk.format("POST", "/api/v1/contacts/batch")
end
