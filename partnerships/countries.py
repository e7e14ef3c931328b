"""The countries of ISO 3166-1 with their Vietnamese names: what the country pickers offer.

The codes are the 249 officially assigned ISO 3166-1 alpha-2 codes (the same set as django-countries', which
gives the English names; tests/test_country_currency_pickers.py checks that the two sets agree). The
Vietnamese names are ours, written as Vietnamese state documents and the press write them (Campuchia, Lào,
Hoa Kỳ, Liên bang Nga…): django-countries' own Vietnamese translation has errors an officer would notice
("Đoàn tụ" for Réunion, "Ai-len" for Iceland, "Nigeria" for Niger, "Áo" for Jersey). How to update the list:
docs/DECISIONS.md "Country and currency lists".
"""

# The partners' countries: first in every country picker.
PARTNER_COUNTRIES = ("KH", "LA")

VIETNAMESE_NAMES = {
    "AD": "Andorra",
    "AE": "Các Tiểu vương quốc Ả Rập Thống nhất",  # United Arab Emirates
    "AF": "Afghanistan",
    "AG": "Antigua và Barbuda",  # Antigua and Barbuda
    "AI": "Anguilla",
    "AL": "Albania",
    "AM": "Armenia",
    "AO": "Angola",
    "AQ": "Châu Nam Cực",  # Antarctica
    "AR": "Argentina",
    "AS": "Samoa thuộc Mỹ",  # American Samoa
    "AT": "Áo",  # Austria
    "AU": "Úc",  # Australia
    "AW": "Aruba",
    "AX": "Quần đảo Åland",  # Åland Islands
    "AZ": "Azerbaijan",
    "BA": "Bosnia và Herzegovina",  # Bosnia and Herzegovina
    "BB": "Barbados",
    "BD": "Bangladesh",
    "BE": "Bỉ",  # Belgium
    "BF": "Burkina Faso",
    "BG": "Bulgaria",
    "BH": "Bahrain",
    "BI": "Burundi",
    "BJ": "Benin",
    "BL": "Saint-Barthélemy",  # Saint Barthélemy
    "BM": "Bermuda",
    "BN": "Brunei",  # Brunei Darussalam
    "BO": "Bolivia",  # Bolivia (Plurinational State of)
    "BQ": "Bonaire, Sint Eustatius và Saba",  # Bonaire, Sint Eustatius and Saba
    "BR": "Brazil",
    "BS": "Bahamas",  # Bahamas (The)
    "BT": "Bhutan",
    "BV": "Đảo Bouvet",  # Bouvet Island
    "BW": "Botswana",
    "BY": "Belarus",
    "BZ": "Belize",
    "CA": "Canada",
    "CC": "Quần đảo Cocos (Keeling)",  # Cocos (Keeling) Islands
    "CD": "Cộng hòa Dân chủ Congo",  # Congo (the Democratic Republic of the)
    "CF": "Cộng hòa Trung Phi",  # Central African Republic
    "CG": "Cộng hòa Congo",  # Congo
    "CH": "Thụy Sĩ",  # Switzerland
    "CI": "Côte d'Ivoire (Bờ Biển Ngà)",  # Côte d'Ivoire
    "CK": "Quần đảo Cook",  # Cook Islands
    "CL": "Chile",
    "CM": "Cameroon",
    "CN": "Trung Quốc",  # China
    "CO": "Colombia",
    "CR": "Costa Rica",
    "CU": "Cuba",
    "CV": "Cabo Verde",
    "CW": "Curaçao",
    "CX": "Đảo Christmas",  # Christmas Island
    "CY": "Síp",  # Cyprus
    "CZ": "Séc",  # Czechia
    "DE": "Đức",  # Germany
    "DJ": "Djibouti",
    "DK": "Đan Mạch",  # Denmark
    "DM": "Dominica",
    "DO": "Cộng hòa Dominica",  # Dominican Republic
    "DZ": "Algeria",
    "EC": "Ecuador",
    "EE": "Estonia",
    "EG": "Ai Cập",  # Egypt
    "EH": "Tây Sahara",  # Western Sahara
    "ER": "Eritrea",
    "ES": "Tây Ban Nha",  # Spain
    "ET": "Ethiopia",
    "FI": "Phần Lan",  # Finland
    "FJ": "Fiji",
    "FK": "Quần đảo Falkland (Malvinas)",  # Falkland Islands (Malvinas)
    "FM": "Micronesia",  # Micronesia (Federated States of)
    "FO": "Quần đảo Faroe",  # Faroe Islands
    "FR": "Pháp",  # France
    "GA": "Gabon",
    "GB": "Vương quốc Anh",  # United Kingdom of Great Britain and Northern Ireland
    "GD": "Grenada",
    "GE": "Gruzia",  # Georgia
    "GF": "Guyane thuộc Pháp",  # French Guiana
    "GG": "Guernsey",
    "GH": "Ghana",
    "GI": "Gibraltar",
    "GL": "Greenland",
    "GM": "Gambia",
    "GN": "Guinea",
    "GP": "Guadeloupe",
    "GQ": "Guinea Xích Đạo",  # Equatorial Guinea
    "GR": "Hy Lạp",  # Greece
    "GS": "Nam Georgia và Quần đảo Nam Sandwich",  # South Georgia and the South Sandwich Islands
    "GT": "Guatemala",
    "GU": "Guam",
    "GW": "Guinea-Bissau",
    "GY": "Guyana",
    "HK": "Hồng Kông (Trung Quốc)",  # Hong Kong
    "HM": "Đảo Heard và Quần đảo McDonald",  # Heard Island and McDonald Islands
    "HN": "Honduras",
    "HR": "Croatia",
    "HT": "Haiti",
    "HU": "Hungary",
    "ID": "Indonesia",
    "IE": "Ireland",
    "IL": "Israel",
    "IM": "Đảo Man",  # Isle of Man
    "IN": "Ấn Độ",  # India
    "IO": "Lãnh thổ Ấn Độ Dương thuộc Anh",  # British Indian Ocean Territory
    "IQ": "Iraq",
    "IR": "Iran",  # Iran (Islamic Republic of)
    "IS": "Iceland",
    "IT": "Ý",  # Italy
    "JE": "Jersey",
    "JM": "Jamaica",
    "JO": "Jordan",
    "JP": "Nhật Bản",  # Japan
    "KE": "Kenya",
    "KG": "Kyrgyzstan",
    "KH": "Campuchia",  # Cambodia
    "KI": "Kiribati",
    "KM": "Comoros",
    "KN": "Saint Kitts và Nevis",  # Saint Kitts and Nevis
    "KP": "Triều Tiên",  # Korea (the Democratic People's Republic of)
    "KR": "Hàn Quốc",  # Korea (the Republic of)
    "KW": "Kuwait",
    "KY": "Quần đảo Cayman",  # Cayman Islands
    "KZ": "Kazakhstan",
    "LA": "Lào",  # Lao People's Democratic Republic
    "LB": "Liban",  # Lebanon
    "LC": "Saint Lucia",
    "LI": "Liechtenstein",
    "LK": "Sri Lanka",
    "LR": "Liberia",
    "LS": "Lesotho",
    "LT": "Litva",  # Lithuania
    "LU": "Luxembourg",
    "LV": "Latvia",
    "LY": "Libya",
    "MA": "Maroc",  # Morocco
    "MC": "Monaco",
    "MD": "Moldova",  # Moldova (the Republic of)
    "ME": "Montenegro",
    "MF": "Saint-Martin (thuộc Pháp)",  # Saint Martin (French part)
    "MG": "Madagascar",
    "MH": "Quần đảo Marshall",  # Marshall Islands
    "MK": "Bắc Macedonia",  # North Macedonia
    "ML": "Mali",
    "MM": "Myanmar",
    "MN": "Mông Cổ",  # Mongolia
    "MO": "Ma Cao (Trung Quốc)",  # Macao
    "MP": "Quần đảo Bắc Mariana",  # Northern Mariana Islands
    "MQ": "Martinique",
    "MR": "Mauritania",
    "MS": "Montserrat",
    "MT": "Malta",
    "MU": "Mauritius",
    "MV": "Maldives",
    "MW": "Malawi",
    "MX": "Mexico",
    "MY": "Malaysia",
    "MZ": "Mozambique",
    "NA": "Namibia",
    "NC": "Nouvelle-Calédonie",  # New Caledonia
    "NE": "Niger",
    "NF": "Đảo Norfolk",  # Norfolk Island
    "NG": "Nigeria",
    "NI": "Nicaragua",
    "NL": "Hà Lan",  # Netherlands (Kingdom of the)
    "NO": "Na Uy",  # Norway
    "NP": "Nepal",
    "NR": "Nauru",  # Naoero
    "NU": "Niue",
    "NZ": "New Zealand",
    "OM": "Oman",
    "PA": "Panama",
    "PE": "Peru",
    "PF": "Polynésie thuộc Pháp",  # French Polynesia
    "PG": "Papua New Guinea",
    "PH": "Philippines",
    "PK": "Pakistan",
    "PL": "Ba Lan",  # Poland
    "PM": "Saint-Pierre và Miquelon",  # Saint Pierre and Miquelon
    "PN": "Quần đảo Pitcairn",  # Pitcairn
    "PR": "Puerto Rico",
    "PS": "Palestine",  # Palestine, State of
    "PT": "Bồ Đào Nha",  # Portugal
    "PW": "Palau",
    "PY": "Paraguay",
    "QA": "Qatar",
    "RE": "Réunion",
    "RO": "Romania",
    "RS": "Serbia",
    "RU": "Liên bang Nga",  # Russian Federation
    "RW": "Rwanda",
    "SA": "Ả Rập Xê Út",  # Saudi Arabia
    "SB": "Quần đảo Solomon",  # Solomon Islands
    "SC": "Seychelles",
    "SD": "Sudan",
    "SE": "Thụy Điển",  # Sweden
    "SG": "Singapore",
    "SH": "Saint Helena, Ascension và Tristan da Cunha",  # Saint Helena, Ascension and Tristan da Cunha
    "SI": "Slovenia",
    "SJ": "Svalbard và Jan Mayen",  # Svalbard and Jan Mayen
    "SK": "Slovakia",
    "SL": "Sierra Leone",
    "SM": "San Marino",
    "SN": "Senegal",
    "SO": "Somalia",
    "SR": "Suriname",
    "SS": "Nam Sudan",  # South Sudan
    "ST": "São Tomé và Príncipe",  # Sao Tome and Principe
    "SV": "El Salvador",
    "SX": "Sint Maarten (thuộc Hà Lan)",  # Sint Maarten (Dutch part)
    "SY": "Syria",  # Syrian Arab Republic
    "SZ": "Eswatini",
    "TC": "Quần đảo Turks và Caicos",  # Turks and Caicos Islands
    "TD": "Tchad",  # Chad
    "TF": "Vùng đất phía Nam thuộc Pháp",  # French Southern Territories
    "TG": "Togo",
    "TH": "Thái Lan",  # Thailand
    "TJ": "Tajikistan",
    "TK": "Tokelau",
    "TL": "Timor-Leste (Đông Timor)",
    "TM": "Turkmenistan",
    "TN": "Tunisia",
    "TO": "Tonga",
    "TR": "Thổ Nhĩ Kỳ",  # Türkiye
    "TT": "Trinidad và Tobago",  # Trinidad and Tobago
    "TV": "Tuvalu",
    "TW": "Đài Loan (Trung Quốc)",  # Taiwan (Province of China)
    "TZ": "Tanzania",  # Tanzania, the United Republic of
    "UA": "Ukraina",  # Ukraine
    "UG": "Uganda",
    "UM": "Các đảo xa bờ nhỏ của Hoa Kỳ",  # United States Minor Outlying Islands
    "US": "Hoa Kỳ",  # United States of America
    "UY": "Uruguay",
    "UZ": "Uzbekistan",
    "VA": "Tòa Thánh Vatican",  # Holy See
    "VC": "Saint Vincent và Grenadines",  # Saint Vincent and the Grenadines
    "VE": "Venezuela",  # Venezuela (Bolivarian Republic of)
    "VG": "Quần đảo Virgin thuộc Anh",  # Virgin Islands (British)
    "VI": "Quần đảo Virgin thuộc Mỹ",  # Virgin Islands (U.S.)
    "VN": "Việt Nam",  # Viet Nam
    "VU": "Vanuatu",
    "WF": "Wallis và Futuna",  # Wallis and Futuna
    "WS": "Samoa",
    "YE": "Yemen",
    "YT": "Mayotte",
    "ZA": "Nam Phi",  # South Africa
    "ZM": "Zambia",
    "ZW": "Zimbabwe",
}
