-- Fast path for one final missed call, in one round trip. All keys share the workspace hash tag, so
-- the script runs unchanged on Redis Cluster.
-- KEYS[1] done marker of the CallSid        KEYS[2] caller's duplicate-window reservation
-- KEYS[3] SMS sent today (counter)          KEYS[4] leads counted this month (counter)
-- KEYS[5] "caller already counted this month" marker
-- ARGV[1] window ms (0 = no window)  ARGV[2] daily SMS cap  ARGV[3] monthly lead cap
-- ARGV[4] seed for KEYS[3] ('' = ask)  ARGV[5] seed for KEYS[4] ('' = ask)
-- ARGV[6] ms until the day counter expires  ARGV[7] ms until the month counter expires
-- KEYS[6..] done markers of earlier CallSids of the workspace whose decisions committed, carried by this round trip
-- ARGV[8] their time to live in ms
-- Returns {'done'} | {'window'} | {'seed'} | {'lead_cap'} | {'sms_cap'} | {'reserved', leadReserved}
for i = 6, #KEYS do
  redis.call('SET', KEYS[i], '1', 'PX', ARGV[8])
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {'done'}
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {'window'}
end
local sms = redis.call('GET', KEYS[3])
local leads = redis.call('GET', KEYS[4])
if (not sms and ARGV[4] == '') or (not leads and ARGV[5] == '') then
  return {'seed'}
end
if not sms then
  redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[6], 'NX')
  sms = redis.call('GET', KEYS[3])
end
if not leads then
  redis.call('SET', KEYS[4], ARGV[5], 'PX', ARGV[7], 'NX')
  leads = redis.call('GET', KEYS[4])
end
local newLead = redis.call('EXISTS', KEYS[5]) == 0
if newLead and tonumber(leads) >= tonumber(ARGV[3]) then
  return {'lead_cap'}
end
if tonumber(sms) >= tonumber(ARGV[2]) then
  return {'sms_cap'}
end
redis.call('INCR', KEYS[3])
if newLead then
  redis.call('INCR', KEYS[4])
  redis.call('SET', KEYS[5], '1', 'PX', ARGV[7])
end
if tonumber(ARGV[1]) > 0 then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
end
return {'reserved', newLead and 1 or 0}
