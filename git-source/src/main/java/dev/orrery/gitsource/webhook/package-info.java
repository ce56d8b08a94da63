/**
 * Forge webhooks without an HTTP server: signature checks, push and pull/merge request parsing for
 * GitHub, Gitea and GitLab, matching a payload's repository to a GitSource URL, and de-duplication
 * of deliveries.
 */
package dev.orrery.gitsource.webhook;
