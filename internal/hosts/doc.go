// Package hosts checks a built site against the limits of the static hosts
// it is meant for: file counts and sizes, _headers rules, and what a host
// ignores. The numbers are the hosts' published limits (see docs/deploy.md).
package hosts
