package com.missedcall.recovery.sms;

/** A rendered text-back and how many SMS segments it takes. */
public record TextBack(String body, int segments) {}
