// Package figures derives every count and share the site publishes, once,
// from the model. Pages, JSON and the press releases' stat keys
// (internal/stat) all read these values, so no two outputs can disagree.
package figures
