-- Done markers of CallSids whose decisions committed, written together (FastPath's periodic flush of the markers
-- no admit.lua call carried). KEYS: the markers (in cluster mode all of one workspace's hash tag).
-- ARGV[1]: their time to live in ms.
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], '1', 'PX', ARGV[1])
end
return #KEYS
