package sample

// The tables the generator draws from. Region, local-authority, town and
// ICB names are real; the coordinates are approximate town centres; the
// outward codes are real districts of each area. CCG and sub-ICB codes are
// illustrative, and every practice, street, provider and person is invented.

// region is one of CQC's nine English regions.
type region struct {
	name string // as CQC writes it
	nhs  string // NHS England region
	// weight is the region's share of practices, roughly England's.
	weight int
	// odsLetters are the first letters of its practices' ODS codes.
	odsLetters string
	// outMul and badMul scale the chances of Outstanding, and of Requires
	// improvement or Inadequate, so that regions vary a little.
	outMul, badMul float64
	areas          []area
}

// area is a local authority: where a practice is, and who commissions it.
type area struct {
	la       string // local authority, as CQC writes it
	town     string // postal town
	lat, lon float64
	outward  []string // outward codes (postcode districts) in the area
	district []string // neighbourhoods: address line 2 and practice names
	dial     string   // telephone area code
	icb      icb
	subICB   string // ODS code of the sub-ICB location, e.g. "00Y"
	ccg      string // former CCG name (the API's onspdCcgName); "" means "NHS <la> CCG"
	// absent areas are never drawn at random: only a special practice is
	// there (the Isles of Scilly's).
	absent bool
}

type icb struct{ code, name string }

var (
	icbGM    = icb{"E54000057", "NHS Greater Manchester Integrated Care Board"}
	icbCM    = icb{"E54000008", "NHS Cheshire and Merseyside Integrated Care Board"}
	icbLSC   = icb{"E54000048", "NHS Lancashire and South Cumbria Integrated Care Board"}
	icbNENC  = icb{"E54000050", "NHS North East and North Cumbria Integrated Care Board"}
	icbWY    = icb{"E54000054", "NHS West Yorkshire Integrated Care Board"}
	icbSY    = icb{"E54000061", "NHS South Yorkshire Integrated Care Board"}
	icbHNY   = icb{"E54000051", "NHS Humber and North Yorkshire Integrated Care Board"}
	icbNN    = icb{"E54000060", "NHS Nottingham and Nottinghamshire Integrated Care Board"}
	icbLLR   = icb{"E54000015", "NHS Leicester, Leicestershire and Rutland Integrated Care Board"}
	icbDD    = icb{"E54000058", "NHS Derby and Derbyshire Integrated Care Board"}
	icbLinc  = icb{"E54000013", "NHS Lincolnshire Integrated Care Board"}
	icbNorth = icb{"E54000059", "NHS Northamptonshire Integrated Care Board"}
	icbBSol  = icb{"E54000055", "NHS Birmingham and Solihull Integrated Care Board"}
	icbBC    = icb{"E54000062", "NHS Black Country Integrated Care Board"}
	icbCW    = icb{"E54000018", "NHS Coventry and Warwickshire Integrated Care Board"}
	icbSSOT  = icb{"E54000010", "NHS Staffordshire and Stoke-on-Trent Integrated Care Board"}
	icbHW    = icb{"E54000019", "NHS Herefordshire and Worcestershire Integrated Care Board"}
	icbNW    = icb{"E54000022", "NHS Norfolk and Waveney Integrated Care Board"}
	icbCP    = icb{"E54000056", "NHS Cambridgeshire and Peterborough Integrated Care Board"}
	icbMSE   = icb{"E54000026", "NHS Mid and South Essex Integrated Care Board"}
	icbHWE   = icb{"E54000025", "NHS Hertfordshire and West Essex Integrated Care Board"}
	icbBLMK  = icb{"E54000024", "NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board"}
	icbSNEE  = icb{"E54000023", "NHS Suffolk and North East Essex Integrated Care Board"}
	icbNEL   = icb{"E54000029", "NHS North East London Integrated Care Board"}
	icbSEL   = icb{"E54000030", "NHS South East London Integrated Care Board"}
	icbNWL   = icb{"E54000027", "NHS North West London Integrated Care Board"}
	icbNCL   = icb{"E54000028", "NHS North Central London Integrated Care Board"}
	icbKM    = icb{"E54000032", "NHS Kent and Medway Integrated Care Board"}
	icbSx    = icb{"E54000064", "NHS Sussex Integrated Care Board"}
	icbHIOW  = icb{"E54000042", "NHS Hampshire and Isle of Wight Integrated Care Board"}
	icbBOB   = icb{"E54000044", "NHS Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board"}
	icbSH    = icb{"E54000063", "NHS Surrey Heartlands Integrated Care Board"}
	icbBNSSG = icb{"E54000039", "NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board"}
	icbDevon = icb{"E54000037", "NHS Devon Integrated Care Board"}
	icbCIOS  = icb{"E54000036", "NHS Cornwall and the Isles of Scilly Integrated Care Board"}
	icbGlos  = icb{"E54000043", "NHS Gloucestershire Integrated Care Board"}
	icbSom   = icb{"E54000038", "NHS Somerset Integrated Care Board"}
)

func words(s ...string) []string { return s }

var regions = []region{
	{name: "East Midlands", nhs: "Midlands", weight: 75, odsLetters: "CK", outMul: 0.9, badMul: 1.1, areas: []area{
		{la: "Nottingham", town: "Nottingham", lat: 52.9548, lon: -1.1581, outward: words("NG1", "NG2", "NG3", "NG5", "NG6", "NG7", "NG8", "NG11"),
			district: words("Sneinton", "Bulwell", "Basford", "Lenton", "Radford", "Clifton", "Sherwood", "Bilborough"), dial: "0115", icb: icbNN, subICB: "52R", ccg: "NHS Nottingham and Nottinghamshire CCG"},
		{la: "Leicester", town: "Leicester", lat: 52.6369, lon: -1.1398, outward: words("LE1", "LE2", "LE3", "LE4", "LE5"),
			district: words("Belgrave", "Highfields", "Evington", "Aylestone", "Braunstone", "Beaumont Leys"), dial: "0116", icb: icbLLR, subICB: "04C", ccg: "NHS Leicester City CCG"},
		{la: "Derby", town: "Derby", lat: 52.9225, lon: -1.4746, outward: words("DE1", "DE21", "DE22", "DE23", "DE24"),
			district: words("Normanton", "Allenton", "Chaddesden", "Mickleover", "Littleover", "Alvaston"), dial: "01332", icb: icbDD, subICB: "15M", ccg: "NHS Derby and Derbyshire CCG"},
		{la: "Lincolnshire", town: "Lincoln", lat: 53.2307, lon: -0.5406, outward: words("LN1", "LN2", "LN5", "LN6"),
			district: words("Birchwood", "Ermine", "Boultham", "Bracebridge Heath", "North Hykeham", "Nettleham"), dial: "01522", icb: icbLinc, subICB: "71E"},
		{la: "West Northamptonshire", town: "Northampton", lat: 52.2405, lon: -0.9027, outward: words("NN1", "NN2", "NN3", "NN4", "NN5"),
			district: words("Kingsthorpe", "Duston", "Abington", "Far Cotton", "Weston Favell", "Wootton"), dial: "01604", icb: icbNorth, subICB: "78H", ccg: "NHS Northamptonshire CCG"},
	}},
	{name: "East of England", nhs: "East of England", weight: 100, odsLetters: "D", outMul: 0.9, badMul: 1.15, areas: []area{
		{la: "Norfolk", town: "Norwich", lat: 52.6309, lon: 1.2974, outward: words("NR1", "NR2", "NR3", "NR4", "NR5", "NR6", "NR7"),
			district: words("Earlham", "Mile Cross", "Hellesdon", "Thorpe St Andrew", "Lakenham", "Bowthorpe"), dial: "01603", icb: icbNW, subICB: "26A", ccg: "NHS Norfolk and Waveney CCG"},
		{la: "Cambridgeshire", town: "Cambridge", lat: 52.2053, lon: 0.1218, outward: words("CB1", "CB2", "CB3", "CB4", "CB5"),
			district: words("Chesterton", "Cherry Hinton", "Arbury", "Trumpington", "Histon", "Romsey Town"), dial: "01223", icb: icbCP, subICB: "06H", ccg: "NHS Cambridgeshire and Peterborough CCG"},
		{la: "Peterborough", town: "Peterborough", lat: 52.5695, lon: -0.2405, outward: words("PE1", "PE2", "PE3", "PE4", "PE7"),
			district: words("Werrington", "Orton", "Dogsthorpe", "Bretton", "Hampton", "Millfield"), dial: "01733", icb: icbCP, subICB: "06H", ccg: "NHS Cambridgeshire and Peterborough CCG"},
		{la: "Essex", town: "Chelmsford", lat: 51.7356, lon: 0.4685, outward: words("CM1", "CM2", "CM3"),
			district: words("Broomfield", "Springfield", "Great Baddow", "Writtle", "Chelmer Village"), dial: "01245", icb: icbMSE, subICB: "06Q", ccg: "NHS Mid Essex CCG"},
		{la: "Hertfordshire", town: "Watford", lat: 51.6565, lon: -0.3903, outward: words("WD17", "WD18", "WD19", "WD24", "WD25"),
			district: words("Oxhey", "Garston", "Leavesden", "Callowland", "Holywell"), dial: "01923", icb: icbHWE, subICB: "06N", ccg: "NHS Herts Valleys CCG"},
		{la: "Luton", town: "Luton", lat: 51.8787, lon: -0.4200, outward: words("LU1", "LU2", "LU3", "LU4"),
			district: words("Bury Park", "Stopsley", "Leagrave", "Marsh Farm", "Farley Hill", "Round Green"), dial: "01582", icb: icbBLMK, subICB: "M1J"},
		{la: "Suffolk", town: "Ipswich", lat: 52.0567, lon: 1.1482, outward: words("IP1", "IP2", "IP3", "IP4"),
			district: words("Chantry", "Whitton", "Rushmere", "Pinewood", "Gainsborough"), dial: "01473", icb: icbSNEE, subICB: "06L", ccg: "NHS Ipswich and East Suffolk CCG"},
	}},
	{name: "London", nhs: "London", weight: 150, odsLetters: "EF", outMul: 0.8, badMul: 1.35, areas: []area{
		{la: "Tower Hamlets", town: "London", lat: 51.5150, lon: -0.0333, outward: words("E1", "E2", "E3", "E14"),
			district: words("Whitechapel", "Bethnal Green", "Bow", "Poplar", "Stepney", "Limehouse"), dial: "020", icb: icbNEL, subICB: "A3A8R"},
		{la: "Hackney", town: "London", lat: 51.5450, lon: -0.0553, outward: words("E5", "E8", "E9", "N16"),
			district: words("Dalston", "Homerton", "Clapton", "Stoke Newington", "Hackney Wick"), dial: "020", icb: icbNEL, subICB: "A3A8R", ccg: "NHS City and Hackney CCG"},
		{la: "Southwark", town: "London", lat: 51.4734, lon: -0.0795, outward: words("SE1", "SE5", "SE15", "SE16", "SE22"),
			district: words("Peckham", "Camberwell", "Bermondsey", "Walworth", "East Dulwich", "Rotherhithe"), dial: "020", icb: icbSEL, subICB: "72Q"},
		{la: "Croydon", town: "Croydon", lat: 51.3762, lon: -0.0982, outward: words("CR0", "CR2", "CR7", "SE25"),
			district: words("Thornton Heath", "Norbury", "South Norwood", "Addiscombe", "Selhurst", "Shirley"), dial: "020", icb: icbSEL, subICB: "72Q"},
		{la: "Brent", town: "London", lat: 51.5588, lon: -0.2817, outward: words("NW2", "NW10", "HA0", "HA9"),
			district: words("Wembley", "Harlesden", "Kilburn", "Willesden", "Kingsbury", "Neasden"), dial: "020", icb: icbNWL, subICB: "W2U3Z"},
		{la: "Ealing", town: "London", lat: 51.5130, lon: -0.3089, outward: words("W3", "W5", "W13", "UB1", "UB2", "UB5"),
			district: words("Southall", "Acton", "Hanwell", "Northolt", "Greenford"), dial: "020", icb: icbNWL, subICB: "W2U3Z"},
		{la: "Barnet", town: "London", lat: 51.6252, lon: -0.1517, outward: words("N2", "N3", "N12", "NW4", "NW7", "EN5"),
			district: words("Finchley", "Hendon", "Golders Green", "Whetstone", "Mill Hill"), dial: "020", icb: icbNCL, subICB: "93C"},
	}},
	{name: "North East", nhs: "North East and Yorkshire", weight: 45, odsLetters: "A", outMul: 1.35, badMul: 0.75, areas: []area{
		{la: "Newcastle upon Tyne", town: "Newcastle upon Tyne", lat: 54.9783, lon: -1.6178, outward: words("NE1", "NE2", "NE3", "NE4", "NE5", "NE6", "NE7", "NE15"),
			district: words("Jesmond", "Gosforth", "Benwell", "Byker", "Heaton", "Walker", "Fenham", "Kenton"), dial: "0191", icb: icbNENC, subICB: "13T", ccg: "NHS Newcastle Gateshead CCG"},
		{la: "Gateshead", town: "Gateshead", lat: 54.9527, lon: -1.6034, outward: words("NE8", "NE9", "NE10", "NE11"),
			district: words("Low Fell", "Felling", "Dunston", "Wrekenton", "Bensham"), dial: "0191", icb: icbNENC, subICB: "13T", ccg: "NHS Newcastle Gateshead CCG"},
		{la: "Sunderland", town: "Sunderland", lat: 54.9069, lon: -1.3838, outward: words("SR1", "SR2", "SR3", "SR4", "SR5", "SR6"),
			district: words("Hendon", "Southwick", "Pallion", "Roker", "Grangetown", "Millfield"), dial: "0191", icb: icbNENC, subICB: "00P"},
		{la: "County Durham", town: "Durham", lat: 54.7761, lon: -1.5733, outward: words("DH1", "DH6", "DH7", "DH9"),
			district: words("Belmont", "Gilesgate", "Framwellgate Moor", "Stanley", "Sherburn", "Bowburn"), dial: "0191", icb: icbNENC, subICB: "84H"},
		{la: "Middlesbrough", town: "Middlesbrough", lat: 54.5742, lon: -1.2350, outward: words("TS1", "TS3", "TS4", "TS5", "TS7"),
			district: words("Linthorpe", "Acklam", "Marton", "Berwick Hills", "North Ormesby"), dial: "01642", icb: icbNENC, subICB: "16C", ccg: "NHS Tees Valley CCG"},
	}},
	{name: "North West", nhs: "North West", weight: 140, odsLetters: "NP", outMul: 1.0, badMul: 1.0, areas: []area{
		{la: "Oldham", town: "Oldham", lat: 53.5409, lon: -2.1114, outward: words("OL1", "OL2", "OL3", "OL4", "OL8", "OL9", "M35"),
			district: words("Chadderton", "Royton", "Shaw", "Lees", "Failsworth", "Werneth", "Hollinwood", "Saddleworth"), dial: "0161", icb: icbGM, subICB: "00Y"},
		{la: "Manchester", town: "Manchester", lat: 53.4808, lon: -2.2426, outward: words("M4", "M8", "M9", "M11", "M12", "M13", "M14", "M16", "M19", "M20", "M21", "M22", "M23", "M40"),
			district: words("Ancoats", "Cheetham Hill", "Harpurhey", "Gorton", "Longsight", "Rusholme", "Moss Side", "Levenshulme", "Didsbury", "Chorlton", "Wythenshawe", "Moston"), dial: "0161", icb: icbGM, subICB: "14L"},
		{la: "Bolton", town: "Bolton", lat: 53.5769, lon: -2.4282, outward: words("BL1", "BL2", "BL3", "BL4", "BL5", "BL6"),
			district: words("Farnworth", "Horwich", "Westhoughton", "Little Lever", "Breightmet", "Halliwell"), dial: "01204", icb: icbGM, subICB: "00T"},
		{la: "Wigan", town: "Wigan", lat: 53.5451, lon: -2.6325, outward: words("WN1", "WN2", "WN3", "WN5", "WN6"),
			district: words("Pemberton", "Ince", "Hindley", "Standish", "Orrell", "Aspull"), dial: "01942", icb: icbGM, subICB: "02H", ccg: "NHS Wigan Borough CCG"},
		{la: "Stockport", town: "Stockport", lat: 53.4106, lon: -2.1575, outward: words("SK1", "SK2", "SK3", "SK4", "SK5", "SK6", "SK7"),
			district: words("Edgeley", "Heaton Moor", "Reddish", "Bramhall", "Cheadle Hulme", "Marple", "Offerton"), dial: "0161", icb: icbGM, subICB: "01W"},
		{la: "Liverpool", town: "Liverpool", lat: 53.4084, lon: -2.9916, outward: words("L4", "L5", "L6", "L7", "L8", "L9", "L11", "L13", "L15", "L17", "L18", "L24", "L25"),
			district: words("Anfield", "Everton", "Toxteth", "Walton", "Kensington", "Wavertree", "Aigburth", "Speke", "Woolton", "Norris Green"), dial: "0151", icb: icbCM, subICB: "99A"},
		{la: "Lancashire", town: "Preston", lat: 53.7632, lon: -2.7031, outward: words("PR1", "PR2", "PR3", "PR4", "PR5"),
			district: words("Fulwood", "Penwortham", "Ashton-on-Ribble", "Ribbleton", "Longridge", "Walton-le-Dale"), dial: "01772", icb: icbLSC, subICB: "01E", ccg: "NHS Greater Preston CCG"},
		{la: "Cumberland", town: "Carlisle", lat: 54.8925, lon: -2.9329, outward: words("CA1", "CA2", "CA3", "CA4", "CA5"),
			district: words("Harraby", "Botcherby", "Stanwix", "Upperby", "Dalston", "Morton"), dial: "01228", icb: icbNENC, subICB: "01H", ccg: "NHS North Cumbria CCG"},
	}},
	{name: "South East", nhs: "South East", weight: 140, odsLetters: "GHJK", outMul: 1.1, badMul: 0.9, areas: []area{
		{la: "Kent", town: "Maidstone", lat: 51.2720, lon: 0.5290, outward: words("ME14", "ME15", "ME16"),
			district: words("Allington", "Shepway", "Bearsted", "Barming", "Penenden Heath", "Loose"), dial: "01622", icb: icbKM, subICB: "91Q", ccg: "NHS Kent and Medway CCG"},
		{la: "Brighton and Hove", town: "Brighton", lat: 50.8225, lon: -0.1372, outward: words("BN1", "BN2", "BN3", "BN41"),
			district: words("Hove", "Kemptown", "Whitehawk", "Moulsecoomb", "Patcham", "Portslade"), dial: "01273", icb: icbSx, subICB: "09D"},
		{la: "Southampton", town: "Southampton", lat: 50.9097, lon: -1.4044, outward: words("SO14", "SO15", "SO16", "SO17", "SO18", "SO19"),
			district: words("Shirley", "Portswood", "Bitterne", "Woolston", "Millbrook", "Bassett"), dial: "023", icb: icbHIOW, subICB: "D9Y0V"},
		{la: "Portsmouth", town: "Portsmouth", lat: 50.8198, lon: -1.0880, outward: words("PO1", "PO2", "PO3", "PO4", "PO5", "PO6"),
			district: words("Southsea", "Fratton", "Cosham", "Drayton", "Hilsea", "North End"), dial: "023", icb: icbHIOW, subICB: "D9Y0V"},
		{la: "Oxfordshire", town: "Oxford", lat: 51.7520, lon: -1.2577, outward: words("OX1", "OX2", "OX3", "OX4"),
			district: words("Headington", "Cowley", "Jericho", "Summertown", "Blackbird Leys", "Botley"), dial: "01865", icb: icbBOB, subICB: "10Q"},
		{la: "Surrey", town: "Guildford", lat: 51.2362, lon: -0.5704, outward: words("GU1", "GU2", "GU4"),
			district: words("Merrow", "Burpham", "Stoughton", "Onslow Village", "Park Barn"), dial: "01483", icb: icbSH, subICB: "92A", ccg: "NHS Surrey Heartlands CCG"},
		{la: "Milton Keynes", town: "Milton Keynes", lat: 52.0406, lon: -0.7594, outward: words("MK2", "MK3", "MK6", "MK8", "MK10", "MK13"),
			district: words("Bletchley", "Wolverton", "Kents Hill", "Stantonbury", "Shenley Church End", "Fishermead"), dial: "01908", icb: icbBLMK, subICB: "04F"},
	}},
	{name: "South West", nhs: "South West", weight: 80, odsLetters: "L", outMul: 1.3, badMul: 0.8, areas: []area{
		{la: "Bristol, City of", town: "Bristol", lat: 51.4545, lon: -2.5879, outward: words("BS2", "BS3", "BS4", "BS5", "BS6", "BS7", "BS13", "BS14", "BS16"),
			district: words("Bedminster", "Easton", "Knowle", "Fishponds", "Southmead", "Horfield", "Hartcliffe"), dial: "0117", icb: icbBNSSG, subICB: "15C", ccg: "NHS Bristol, North Somerset and South Gloucestershire CCG"},
		{la: "Plymouth", town: "Plymouth", lat: 50.3755, lon: -4.1427, outward: words("PL1", "PL2", "PL3", "PL4", "PL5", "PL6", "PL7"),
			district: words("Stonehouse", "Devonport", "Plympton", "Mutley", "Crownhill", "St Budeaux"), dial: "01752", icb: icbDevon, subICB: "15N", ccg: "NHS Devon CCG"},
		{la: "Devon", town: "Exeter", lat: 50.7184, lon: -3.5339, outward: words("EX1", "EX2", "EX3", "EX4"),
			district: words("Heavitree", "St Thomas", "Pinhoe", "Alphington", "Whipton", "Topsham"), dial: "01392", icb: icbDevon, subICB: "15N", ccg: "NHS Devon CCG"},
		{la: "Cornwall", town: "Truro", lat: 50.2632, lon: -5.0510, outward: words("TR1", "TR2", "TR3", "TR4"),
			district: words("Threemilestone", "Kenwyn", "Tregolls", "Malpas", "Probus", "Chacewater"), dial: "01872", icb: icbCIOS, subICB: "11N", ccg: "NHS Kernow CCG"},
		{la: "Gloucestershire", town: "Gloucester", lat: 51.8642, lon: -2.2382, outward: words("GL1", "GL2", "GL3", "GL4"),
			district: words("Barton", "Tuffley", "Quedgeley", "Hucclecote", "Kingsholm", "Longlevens"), dial: "01452", icb: icbGlos, subICB: "11M"},
		{la: "Somerset", town: "Taunton", lat: 51.0150, lon: -3.1029, outward: words("TA1", "TA2", "TA3"),
			district: words("Bishops Hull", "Priorswood", "Staplegrove", "Halcon", "Monkton Heathfield"), dial: "01823", icb: icbSom, subICB: "11X"},
		// Only the forced unplaceable practice is here: TR21 is deliberately
		// missing from the postcodes file.
		{la: "Isles of Scilly", town: "St Mary's", lat: 49.9145, lon: -6.3110, outward: words("TR21"),
			district: words("Hugh Town"), dial: "01720", icb: icbCIOS, subICB: "11N", ccg: "NHS Kernow CCG", absent: true},
	}},
	{name: "West Midlands", nhs: "Midlands", weight: 105, odsLetters: "M", outMul: 0.95, badMul: 1.15, areas: []area{
		{la: "Birmingham", town: "Birmingham", lat: 52.4862, lon: -1.8904, outward: words("B6", "B8", "B9", "B10", "B11", "B12", "B13", "B14", "B20", "B21", "B23", "B29", "B31", "B33", "B44"),
			district: words("Aston", "Sparkhill", "Small Heath", "Handsworth", "Erdington", "Kings Heath", "Selly Oak", "Northfield", "Moseley", "Yardley"), dial: "0121", icb: icbBSol, subICB: "15E", ccg: "NHS Birmingham and Solihull CCG"},
		{la: "Sandwell", town: "West Bromwich", lat: 52.5190, lon: -1.9945, outward: words("B66", "B67", "B69", "B70", "B71"),
			district: words("Smethwick", "Oldbury", "Wednesbury", "Great Barr", "Hill Top"), dial: "0121", icb: icbBC, subICB: "D2P2L", ccg: "NHS Sandwell and West Birmingham CCG"},
		{la: "Wolverhampton", town: "Wolverhampton", lat: 52.5870, lon: -2.1288, outward: words("WV1", "WV2", "WV3", "WV4", "WV6", "WV10", "WV11"),
			district: words("Whitmore Reans", "Tettenhall", "Penn", "Wednesfield", "Low Hill", "Blakenhall"), dial: "01902", icb: icbBC, subICB: "D2P2L"},
		{la: "Coventry", town: "Coventry", lat: 52.4068, lon: -1.5197, outward: words("CV1", "CV2", "CV3", "CV4", "CV5", "CV6"),
			district: words("Foleshill", "Earlsdon", "Tile Hill", "Binley", "Canley", "Radford"), dial: "024", icb: icbCW, subICB: "B2M3M", ccg: "NHS Coventry and Rugby CCG"},
		{la: "Stoke-on-Trent", town: "Stoke-on-Trent", lat: 53.0027, lon: -2.1794, outward: words("ST1", "ST2", "ST3", "ST4", "ST6"),
			district: words("Hanley", "Burslem", "Longton", "Tunstall", "Fenton", "Meir"), dial: "01782", icb: icbSSOT, subICB: "05W", ccg: "NHS Stoke on Trent CCG"},
		{la: "Herefordshire, County of", town: "Hereford", lat: 52.0565, lon: -2.7160, outward: words("HR1", "HR2", "HR4"),
			district: words("Holmer", "Belmont", "Tupsley", "Whitecross", "Bobblestock"), dial: "01432", icb: icbHW, subICB: "18C", ccg: "NHS Herefordshire and Worcestershire CCG"},
	}},
	{name: "Yorkshire and The Humber", nhs: "North East and Yorkshire", weight: 100, odsLetters: "BC", outMul: 1.1, badMul: 0.95, areas: []area{
		{la: "Leeds", town: "Leeds", lat: 53.8008, lon: -1.5491, outward: words("LS4", "LS6", "LS7", "LS8", "LS9", "LS11", "LS12", "LS13", "LS14", "LS17"),
			district: words("Headingley", "Chapel Allerton", "Armley", "Beeston", "Harehills", "Seacroft", "Moortown", "Bramley"), dial: "0113", icb: icbWY, subICB: "15F"},
		{la: "Bradford", town: "Bradford", lat: 53.7960, lon: -1.7594, outward: words("BD1", "BD2", "BD3", "BD4", "BD5", "BD7", "BD8", "BD9", "BD10"),
			district: words("Manningham", "Girlington", "Little Horton", "Eccleshill", "Idle", "Thornbury", "Allerton"), dial: "01274", icb: icbWY, subICB: "36J", ccg: "NHS Bradford District and Craven CCG"},
		{la: "Wakefield", town: "Wakefield", lat: 53.6833, lon: -1.4977, outward: words("WF1", "WF2", "WF3", "WF4"),
			district: words("Horbury", "Outwood", "Sandal", "Crigglestone", "Lupset"), dial: "01924", icb: icbWY, subICB: "03R"},
		{la: "Sheffield", town: "Sheffield", lat: 53.3811, lon: -1.4701, outward: words("S2", "S3", "S5", "S6", "S7", "S8", "S9", "S10", "S11", "S13"),
			district: words("Hillsborough", "Crookes", "Darnall", "Firth Park", "Heeley", "Walkley", "Woodseats", "Handsworth"), dial: "0114", icb: icbSY, subICB: "03N"},
		{la: "Kingston upon Hull, City of", town: "Hull", lat: 53.7457, lon: -0.3367, outward: words("HU1", "HU2", "HU3", "HU4", "HU5", "HU6", "HU7", "HU8", "HU9"),
			district: words("Orchard Park", "Bransholme", "Newland", "Sutton-on-Hull", "Marfleet", "Gipsyville"), dial: "01482", icb: icbHNY, subICB: "03F", ccg: "NHS Hull CCG"},
		{la: "York", town: "York", lat: 53.9600, lon: -1.0873, outward: words("YO1", "YO10", "YO24", "YO26", "YO30", "YO31", "YO32"),
			district: words("Acomb", "Heworth", "Clifton", "Fulford", "Haxby", "Huntington"), dial: "01904", icb: icbHNY, subICB: "03Q", ccg: "NHS Vale of York CCG"},
	}},
}

var surnames = words(
	"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Roberts",
	"Johnson", "Lewis", "Walker", "Robinson", "Wood", "Thompson", "White", "Watson", "Jackson", "Wright",
	"Green", "Harris", "Cooper", "King", "Lee", "Martin", "Clarke", "James", "Morgan", "Hughes",
	"Edwards", "Hill", "Moore", "Harrison", "Scott", "Young", "Morris", "Hall", "Ward", "Turner",
	"Carter", "Phillips", "Mitchell", "Patel", "Khan", "Shah", "Hussain", "Ali", "Ahmed", "Singh",
	"Sharma", "Gupta", "Iqbal", "Rahman", "Chowdhury", "Okafor", "Adeyemi", "Mensah", "Nowak", "Kowalski",
	"O'Brien", "Murphy", "Kelly", "McDonald", "Campbell", "Stewart", "Murray", "Reid", "Chen", "Wong",
	"Nguyen", "Fernandes", "Da Silva", "Begum", "Osei", "Kaur", "Mahmood", "Bhatt", "Sutcliffe", "Ashworth",
)

// stems name streets, buildings and practices.
var stems = words(
	"Church", "High", "Station", "Victoria", "Park", "Mill", "King", "Queen", "Albert", "Market",
	"Bridge", "Chapel", "Manor", "Grange", "Elm", "Oak", "Ash", "Beech", "Willow", "Cedar",
	"Meadow", "Brook", "Hollins", "Greenfield", "Ashfield", "Springfield", "Moorside", "Hillside", "Riverside", "Westwood",
	"Northgate", "Southgate", "Castle", "Abbey", "Priory", "Stanley", "Windsor", "York", "Cromwell", "Nelson",
	"Wellington", "Derby", "Union", "Rosemary", "Laburnum", "Clarendon", "Lansdowne", "Alexandra", "Balmoral", "Bank",
	"Cross", "Dale", "Fern", "Heath", "Holly", "Lime", "Maple", "Orchard", "Rectory", "Vicarage",
	"Waterloo", "Woodlands", "Fairfield", "Beaumont", "Highfield", "Oakwood", "Kingsway", "Ladybarn", "Thornley", "Bramble",
)

var streetKinds = words("Street", "Road", "Lane", "Avenue", "Way", "Close", "Drive", "Terrace", "Place", "Grove", "Crescent", "Parade", "Walk")

// Group providers run several practices.
var groupFirst = words("Meridian", "Lantern", "Pennine", "Harbour", "Summit", "Compass", "Evergreen", "Willowbrook",
	"Horizon", "Keystone", "Cornerstone", "Heartwood", "Brightwater", "Northstar", "Riverbank", "Millstone")
var groupSecond = words("Health", "Primary Care", "Medical", "Healthcare", "Community Health")
var groupKind = words("Partnership", "Group Ltd", "LLP", "Limited", "Alliance CIC")

// Letters used in the inward code of a postcode (CIKMOV are never used).
const inwardLetters = "ABDEFGHJLNPQRSTUWXYZ"

const initials = "ABCDEFGHJKLMNPRSTW"
