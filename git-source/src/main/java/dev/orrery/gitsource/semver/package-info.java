/** Semantic versions and the range expressions a GitSource uses to pick a tag. */
package dev.orrery.gitsource.semver;
