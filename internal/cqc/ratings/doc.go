// Package ratings reads CQC's monthly Latest ratings file, as CSV, as the
// OpenDocument spreadsheet (.ods) CQC publishes, or as .xlsx, into
// cqc.Location values: one per location of the categories asked for, with
// its overall and key-question ratings. ReadFS reads one file of a file
// system by its extension; ReadCSV, ReadODS and ReadXLSX read a stream.
// Every problem names the file, the line (or sheet and row) and the column,
// and one run reports them all.
package ratings
