package com.missedcall.recovery.cache;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A small read-through cache of optional values with one lifetime for hits and another for misses.
 * Safe to share between event loops; two concurrent misses may both load, which is harmless here.
 */
public final class ExpiringCache<K, V> {
  private record Entry<V>(Optional<V> value, long expiresAtNanos) {}

  private final Function<K, Future<Optional<V>>> loader;
  private final long hitTtlNanos;
  private final long missTtlNanos;
  private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

  public ExpiringCache(Function<K, Future<Optional<V>>> loader, Duration hitTtl, Duration missTtl) {
    this.loader = loader;
    this.hitTtlNanos = hitTtl.toNanos();
    this.missTtlNanos = missTtl.toNanos();
  }

  public Future<Optional<V>> get(K key) {
    Entry<V> entry = entries.get(key);
    if (entry != null && System.nanoTime() - entry.expiresAtNanos() < 0) {
      return Future.succeededFuture(entry.value());
    }
    return loader.apply(key).map(value -> {
      long ttl = value.isPresent() ? hitTtlNanos : missTtlNanos;
      entries.put(key, new Entry<>(value, System.nanoTime() + ttl));
      return value;
    });
  }

  public void invalidate(K key) {
    entries.remove(key);
  }

  public void clear() {
    entries.clear();
  }
}
