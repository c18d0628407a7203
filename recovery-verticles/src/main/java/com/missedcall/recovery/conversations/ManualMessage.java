package com.missedcall.recovery.conversations;

/** A staff message queued for sending; the conversation is now under staff takeover. */
public record ManualMessage(long conversationId, long messageId) {}
