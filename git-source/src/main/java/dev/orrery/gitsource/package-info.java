/**
 * Git access for Orrery with JGit: a cache of bare repositories fetched by branch, tag, semver
 * range or commit ({@link dev.orrery.gitsource.GitRepositoryCache}), trees read without a work tree
 * ({@link dev.orrery.gitsource.CommitTree}), changed paths between commits, HTTPS token and SSH key
 * credentials with strict host key checking, and status commits and notes pushed back.
 */
package dev.orrery.gitsource;
