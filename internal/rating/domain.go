package rating

import "strings"

// Domain is what a rating is about: the practice overall, or one of the
// five key questions. The zero value is Overall.
type Domain uint8

// Domains in the order CQC lists them.
const (
	Overall Domain = iota
	Safe
	Effective
	Caring
	Responsive
	WellLed
	NumDomains
)

// KeyQuestions lists the five key questions (every Domain but Overall).
var KeyQuestions = [5]Domain{Safe, Effective, Caring, Responsive, WellLed}

var domainNames = [NumDomains]string{"Overall", "Safe", "Effective", "Caring", "Responsive", "Well-led"}
var domainSlugs = [NumDomains]string{"overall", "safe", "effective", "caring", "responsive", "well-led"}
var domainQuestions = [NumDomains]string{
	"How good is the practice overall?",
	"Are people protected from abuse and avoidable harm?",
	"Does care, treatment and support achieve good outcomes and help people keep a good quality of life?",
	"Do staff treat people with compassion, kindness, dignity and respect?",
	"Are services organised so that they meet people's needs?",
	"Does the leadership make sure that care is high-quality, person-centred and open?",
}

func (d Domain) String() string {
	if d >= NumDomains {
		return ""
	}
	return domainNames[d]
}

// Slug is the lower-case key used in stat keys and JSON, e.g. "well-led".
func (d Domain) Slug() string {
	if d >= NumDomains {
		return ""
	}
	return domainSlugs[d]
}

// Question is the key question in CQC's own plain words.
func (d Domain) Question() string {
	if d >= NumDomains {
		return ""
	}
	return domainQuestions[d]
}

// MarshalText writes the domain's published name.
func (d Domain) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// ParseDomain accepts CQC's domain names, ignoring case and spacing
// ("Well-led", "Well led", "well-led").
func ParseDomain(s string) (Domain, bool) {
	k := strings.ReplaceAll(fold(s), " ", "-")
	for d := Overall; d < NumDomains; d++ {
		if k == domainSlugs[d] {
			return d, true
		}
	}
	return 0, false
}

// Group is the scope of a rating: the whole practice (Whole, the zero value,
// published as "Overall"), or one of the six population groups CQC rated
// until 2021.
type Group uint8

// Population groups in CQC's order.
const (
	Whole Group = iota
	OlderPeople
	LongTermConditions
	Families
	WorkingAge
	Vulnerable
	MentalHealth
	NumGroups
)

// PopulationGroups lists the six population groups.
var PopulationGroups = [6]Group{OlderPeople, LongTermConditions, Families, WorkingAge, Vulnerable, MentalHealth}

var groupNames = [NumGroups]string{
	"Overall",
	"Older people",
	"People with long term conditions",
	"Families, children and young people",
	"Working age people (including those recently retired and students)",
	"People whose circumstances may make them vulnerable",
	"People experiencing poor mental health (including people with dementia)",
}

// The CQC API's short names for the groups.
var groupAPINames = [NumGroups]string{"", "old", "conditions", "mothers", "population", "vulnerable", "problems"}

var groupSlugs = [NumGroups]string{"overall", "older-people", "long-term-conditions", "families", "working-age", "vulnerable", "mental-health"}

func (g Group) String() string {
	if g >= NumGroups {
		return ""
	}
	return groupNames[g]
}

// Slug is a short stable key, e.g. "long-term-conditions".
func (g Group) Slug() string {
	if g >= NumGroups {
		return ""
	}
	return groupSlugs[g]
}

// APIName is the CQC API's short name, e.g. "conditions".
func (g Group) APIName() string {
	if g >= NumGroups {
		return ""
	}
	return groupAPINames[g]
}

// MarshalText writes the group's published name.
func (g Group) MarshalText() ([]byte, error) { return []byte(g.String()), nil }

// ParseGroup accepts the Latest-ratings long names ("Overall" for the whole
// practice), ignoring case and spacing, and the shorter forms
// "People with long-term conditions".
func ParseGroup(s string) (Group, bool) {
	k := strings.ReplaceAll(fold(s), "-", " ")
	for g := Whole; g < NumGroups; g++ {
		if k == strings.ToLower(groupNames[g]) {
			return g, true
		}
	}
	return 0, false
}

// ParseAPIGroup maps the API's short service names to groups. ok is false
// for service names that are not GP population groups.
func ParseAPIGroup(s string) (Group, bool) {
	s = strings.TrimSpace(s)
	for g := OlderPeople; g < NumGroups; g++ {
		if s == groupAPINames[g] {
			return g, true
		}
	}
	return 0, false
}
