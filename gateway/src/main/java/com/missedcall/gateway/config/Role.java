package com.missedcall.gateway.config;

import java.util.Locale;

/** Which verticles a process runs, so one jar can be deployed as separate Deployments. */
public enum Role {
  /** Twilio webhooks. */
  INGRESS,
  /** Text-back sender and job sweeper. */
  WORKERS,
  /** Admin API and dashboard. */
  ADMIN;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
