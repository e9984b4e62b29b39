package sample

// Invented names and places. Forenames and surnames are common in England's mixed
// population, with letters outside English (Zoë, Łukasz, Siobhán, Weiß, Erdős, Đokić,
// Yıldız, O’Neill) so that every Latin-script letter path is exercised.

var forenamesF = []string{
	"Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Freya", "Lily", "Sophie", "Emily",
	"Ella", "Poppy", "Jessica", "Ruby", "Evie", "Margaret", "Susan", "Patricia", "Janet",
	"Linda", "Jean", "Barbara", "Karen", "Helen", "Sarah", "Claire", "Rachel", "Nicola",
	"Aisha", "Fatima", "Priya", "Ananya", "Zainab", "Maryam", "Chloé", "Zoë", "Siobhán",
	"Aoife", "Niamh", "Róisín", "Małgorzata", "Agnieszka", "Zofia", "Renée", "Inês",
	"Ayşe", "Elif", "Björk", "Anaïs", "Noémie", "Dorota", "Oluwaseun", "Chiamaka",
	"Ngozi", "Mei", "Precious", "Bronwen", "Ffion", "Eilidh", "Mhairi",
}

var forenamesM = []string{
	"Oliver", "George", "Harry", "Noah", "Jack", "Leo", "Arthur", "Oscar", "Charlie",
	"Thomas", "William", "James", "David", "John", "Michael", "Peter", "Robert", "Paul",
	"Stephen", "Mark", "Andrew", "Christopher", "Gareth", "Dylan", "Rhys", "Mohammed",
	"Muhammad", "Ibrahim", "Yusuf", "Arjun", "Rohan", "Sanjay", "Łukasz", "Paweł",
	"Wojciech", "Jiří", "Tomáš", "Søren", "Jürgen", "José", "João", "Andrés", "René",
	"Mehmet", "Çağrı", "Oğuz", "Seán", "Pádraig", "Ciarán", "Eoin", "Chukwuemeka",
	"Tunde", "Kwame", "Wei", "Hamish", "Callum", "Ruairidh", "Dafydd",
}

var surnames = []string{
	"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
	"Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
	"Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
	"Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King",
	"Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Khan",
	"Begum", "Hussain", "Ahmed", "Ali", "Shah", "Singh", "Kaur", "Sharma", "Okafor",
	"Adeyemi", "Mensah", "Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Łuczak", "Dvořák",
	"Weiß", "Müller", "Schröder", "Erdős", "Đokić", "Yıldız", "Öztürk", "Çelik", "O’Neill",
	"O'Brien", "Ó Súilleabháin", "MacLeòid", "Nic Dhòmhnaill", "McAllister", "Ní Bhriain",
	"Fernández", "Gonçalves", "Núñez", "da Silva", "van der Berg", "De’Ath", "Smith-Jones",
	"Chen", "Nguyễn", "Wong", "Lloyd", "ap Rhys",
}

var greekForenamesF = []string{"Ελένη", "Μαρία", "Κατερίνα", "Σοφία", "Δήμητρα"}
var greekForenamesM = []string{"Γιώργος", "Νίκος", "Δημήτρης", "Κώστας", "Γιάννης"}
var greekSurnamesF = []string{"Παπαδοπούλου", "Γεωργίου", "Οικονόμου", "Αντωνίου"}
var greekSurnamesM = []string{"Παπαδόπουλος", "Γεωργίου", "Οικονόμου", "Αντωνίου"}

var cyrillicForenamesF = []string{"Ольга", "Наталія", "Анастасия", "Ірина", "Светлана"}
var cyrillicForenamesM = []string{"Олександр", "Дмитрий", "Сергій", "Иван", "Андрій"}
var cyrillicSurnamesF = []string{"Шевченко", "Коваленко", "Иванова", "Петрова", "Бондаренко"}
var cyrillicSurnamesM = []string{"Шевченко", "Коваленко", "Иванов", "Петров", "Бондаренко"}

var houseNames = []string{
	"Rose Cottage", "The Old Vicarage", "Ivy House", "Holly Lodge", "Orchard View",
	"The Barn", "Willow Cottage", "Ashdene", "Brook House", "The Coach House",
}

var streets = []string{
	"Meadow Lane", "Church Street", "Station Road", "Mill Lane", "Victoria Road",
	"Park Avenue", "Highfield Road", "Chapel Close", "Beech Grove", "Orchard Way",
	"Kingsway", "Windsor Drive", "Spring Bank", "Larch Crescent", "Fountain Terrace",
	"Cloverfield Walk", "Heron Court", "Sandpiper Mews", "Tannery Row", "Quarry Hill",
	"Weavers Yard", "Primrose Gardens", "Ashcombe Place", "Linden Rise", "Foxglove Way",
}

// town is a post town with real outward codes and invented villages or districts.
type town struct {
	name     string
	county   string
	outward  []string
	villages []string
}

var towns = []town{
	{"Leeds", "West Yorkshire", []string{"LS6", "LS16", "LS17", "LS8", "LS12", "LS28"}, []string{"Headingley", "Far Headingley", "Armley", "Roundhay"}},
	{"Bradford", "West Yorkshire", []string{"BD3", "BD9", "BD18"}, []string{"Heaton", "Shipley", "Manningham"}},
	{"Harrogate", "North Yorkshire", []string{"HG1", "HG2", "HG3"}, []string{"Pannal", "Killinghall", "Starbeck"}},
	{"York", "North Yorkshire", []string{"YO10", "YO24", "YO31"}, []string{"Fulford", "Acomb", "Heworth"}},
	{"Wakefield", "West Yorkshire", []string{"WF1", "WF2", "WF4"}, []string{"Sandal", "Horbury", "Crigglestone"}},
	{"Otley", "West Yorkshire", []string{"LS21"}, []string{"Pool-in-Wharfedale", "Newall"}},
	{"Ilkley", "West Yorkshire", []string{"LS29"}, []string{"Ben Rhydding", "Burley-in-Wharfedale"}},
	{"Manchester", "Greater Manchester", []string{"M14", "M20", "M21", "M1"}, []string{"Didsbury", "Chorlton", "Fallowfield"}},
	{"Sheffield", "South Yorkshire", []string{"S7", "S10", "S11"}, []string{"Nether Edge", "Crookes", "Ecclesall"}},
	{"Sale", "Cheshire", []string{"M33"}, []string{"Brooklands", "Ashton upon Mersey"}},
}
