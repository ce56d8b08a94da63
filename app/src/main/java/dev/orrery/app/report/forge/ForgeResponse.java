package dev.orrery.app.report.forge;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * A successful (2xx) answer from a forge: where it came from, its status, headers and JSON body.
 */
record ForgeResponse(URI uri, int status, HttpHeaders headers, JsonNode body) {}
