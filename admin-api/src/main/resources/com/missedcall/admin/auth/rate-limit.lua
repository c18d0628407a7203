-- A fixed window per API key. KEYS[1]: the key's counter; ARGV[1]: window length in ms.
-- Returns {requests in this window, ms until the window resets}.
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
