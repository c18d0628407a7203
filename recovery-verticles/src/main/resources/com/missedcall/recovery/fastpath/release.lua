-- Gives back what admit.lua reserved when Postgres did not text (or failed).
-- KEYS as in admit.lua (KEYS[1] unused). ARGV[1] '1' to release the window and SMS slot,
-- ARGV[2] '1' to release the lead slot.
if ARGV[1] == '1' then
  redis.call('DEL', KEYS[2])
  if tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then
    redis.call('DECR', KEYS[3])
  end
end
if ARGV[2] == '1' then
  redis.call('DEL', KEYS[5])
  if tonumber(redis.call('GET', KEYS[4]) or '0') > 0 then
    redis.call('DECR', KEYS[4])
  end
end
return 1
