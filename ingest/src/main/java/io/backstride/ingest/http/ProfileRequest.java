package io.backstride.ingest.http;

import io.backstride.core.profile.Profile;

/**
 * The body of {@code PUT /v1/athletes/{athleteId}} as sent; every field may be absent and is
 * checked by {@link Profile#validate}.
 */
public record ProfileRequest(
    String email, String name, String timeZone, String units, Boolean notifications) {}
