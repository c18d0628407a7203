package com.missedcall.recovery.email;

/** One notification's words: a subject, the plain text, and the same as simple HTML (escaped), with an optional link. */
public record EmailContent(String subject, String text, String html, String linkPath) {}
