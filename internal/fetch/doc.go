// Package fetch downloads CQC's data into a site's data folder: the API's
// location documents into api/ (a full or an incremental sync) and the
// monthly Latest ratings spreadsheet into ratings/.
//
// Every document is written byte for byte as the server sent it, through a
// temporary file renamed into place, so an interrupted fetch never leaves
// half a document. Requests are rate-limited, a few run at once, and a
// 429 or 5xx is retried with backoff, honouring Retry-After.
package fetch
