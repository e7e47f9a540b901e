package render

import "ratingsite/internal/view"

// The views are internal/view's; these names keep the code that prepares
// them short.
type (
	Page                = view.Page
	Shared              = view.Shared
	Crumb               = view.Crumb
	Head                = view.Head
	Link                = view.Link
	AreaLink            = view.AreaLink
	AreaFigures         = view.AreaFigures
	PracticeRow         = view.PracticeRow
	PracticeTable       = view.PracticeTable
	NewsItem            = view.NewsItem
	NationalMap         = view.NationalMap
	RegionMap           = view.RegionMap
	PracticeMap         = view.PracticeMap
	Improvement         = view.Improvement
	Headline            = view.Headline
	HomeView            = view.HomeView
	NationalView        = view.NationalView
	AreaView            = view.AreaView
	Shown               = view.Shown
	DomainCell          = view.DomainCell
	GroupRow            = view.GroupRow
	PracticeView        = view.PracticeView
	ReportRow           = view.ReportRow
	NearbyRow           = view.NearbyRow
	Meaning             = view.Meaning
	HistoryView         = view.HistoryView
	TimelineRow         = view.TimelineRow
	ActionRow           = view.ActionRow
	ChangesView         = view.ChangesView
	ChangeRow           = view.ChangeRow
	ClosedView          = view.ClosedView
	ClosedRow           = view.ClosedRow
	SpecialMeasuresView = view.SpecialMeasuresView
	SpecialRow          = view.SpecialRow
	OverdueView         = view.OverdueView
	OverdueRegion       = view.OverdueRegion
	OverdueTable        = view.OverdueTable
	OverdueRow          = view.OverdueRow
	RatingListView      = view.RatingListView
	NewsListView        = view.NewsListView
	PageLink            = view.PageLink
	ReleaseView         = view.ReleaseView
	PracticeLink        = view.PracticeLink
	SearchView          = view.SearchView
	SearchRegion        = view.SearchRegion
	AZLetter            = view.AZLetter
	AZView              = view.AZView
	EmbedView           = view.EmbedView
)

// longDate is a date in words, as the view's text says it.
func longDate(t view.Dated) string { return view.LongDate(t) }

// plural and milesLabel are the view's plural and distance in words.
func plural(n int, one, many string) string { return view.Plural(n, one, many) }
func milesLabel(m float64) string           { return view.Miles(m) }
