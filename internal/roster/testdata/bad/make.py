# Generates internal/roster/testdata/bad (run once; the files are committed).
import zipfile, io, os
import sys
D=os.path.dirname(os.path.abspath(sys.argv[0]))
def chk(stem):
    s=sum(int(c)*w for c,w in zip(stem,range(10,1,-1)))
    c=11-s%11
    if c==11: c=0
    return None if c==10 else str(c)
def nhs(i):
    st=999100001+i*7
    while True:
        c=chk(str(st))
        if c: return str(st)+c
        st+=1
N=[nhs(i) for i in range(20)]
H='NHS Number,Title,Forename,Surname,Date of Birth,Address Line 1,Address Line 2,Postcode'
rows=[(N[0],'Mr','Arthur','Pendlebury','03/04/1951','14 Quarry Lane','Leeds','LS6 2QR'),
      (N[1],'Mrs','Beatrix','Okonkwo-Hale','27-Oct-1969','Flat 2','9 Tannery Row','LS7 3AB'),
      (N[2],'Ms','Zoë','Brontë','1980-02-01','3 Café Street','','YO1 7HH')]
def line(r): return ','.join(('"'+c.replace('"','""')+'"') if any(x in c for x in ',"\n\r') else c for c in r)
def csv(rows,h=H,eol='\r\n'): return eol.join([h]+[line(r) for r in rows])+eol
ONLY=set(sys.argv[1:])  # `python3 make.py NAME ...` writes only those files
def w(name,data):
    if ONLY and name not in ONLY: return
    if isinstance(data,str): data=data.encode('utf-8')
    open(os.path.join(D,name),'wb').write(data)
w('empty.csv','')
w('header-only.csv',H+'\r\n')
w('header-and-blank-rows.csv',H+'\r\n,,,,,,,\r\n\r\n')
import random; rnd=random.Random(7)
w('binary-renamed.csv',bytes(rnd.randrange(256) for _ in range(4096)))
z=io.BytesIO()
with zipfile.ZipFile(z,'w',zipfile.ZIP_DEFLATED) as zf:
    zf.writestr('list.csv',csv(rows)); zf.writestr('readme.txt','exports')
w('zip-renamed.csv',z.getvalue())
w('pdf-renamed.csv',b'%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
w('old-excel.xls',b'\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1'+bytes(504))
w('unbalanced-quotes.csv',H+'\r\n'+line(rows[0])+'\r\n'+N[1]+',Mrs,"Beatrix,Okonkwo-Hale,27-Oct-1969,Flat 2,9 Tannery Row,LS7 3AB\r\n'+line(rows[2])+'\r\n')
w('text-after-quote.csv',H+'\r\n'+line(rows[0])+'\r\n'+N[1]+',Mrs,"Beatrix"e,Okonkwo-Hale,27-Oct-1969,Flat 2,9 Tannery Row,LS7 3AB\r\n')
# quotes that balance across rows: rows 3-4 are swallowed into row 2's forename
w('swallowed-rows.csv',H+'\r\n'+N[0]+',Mr,"Arthur,Pendlebury,03/04/1951,14 Quarry Lane,Leeds,LS6 2QR\r\n'+line(rows[1])+'\r\n'+N[2]+',Ms,Zoë",Brontë,1980-02-01,3 Café Street,,YO1 7HH\r\n'+line((N[3],'Mr','Dev','Anand','05/06/1990','1 Mill Road','','LS1 1AA'))+'\r\n')
w('nul-byte.csv',(H+'\r\n'+line(rows[0])+'\r\n'+line(rows[1])+'\r\n').replace('Tannery','Tan\x00nery')+line(rows[2])+'\r\n')
utf=csv(rows).encode('utf-8'); extra=line((N[4],'Mr','René','Lefèvre','12/12/1945','2 Rue Court','','LS2 9JT')).encode('cp1252')+b'\r\n'
w('mixed-encodings.csv',utf+extra)
w('windows-1252.csv',csv(rows+[(N[4],'Mr','René','Lefèvre','12/12/1945','2 Rue Court','','LS2 9JT')]).encode('cp1252'))
# Excel "Unicode text": UTF-16LE with BOM, tab-separated, CRLF; quotes only where needed
th=H.replace(',','\t')
def tline(r): return '\t'.join(('"'+c.replace('"','""')+'"') if any(x in c for x in '\t"\n') else c for c in r)
ut='\r\n'.join([th]+[tline(r) for r in rows+[(N[5],'Mr','Seán','O\'Brien "Jnr"','09/09/1999','Unit 4\tBlock B','Leeds','LS9 8AA')]])+'\r\n'
w('excel-unicode-text.txt',b'\xff\xfe'+ut.encode('utf-16-le'))
w('utf16-be-no-bom.csv',csv(rows+[(N[5],'Mr','Seán','O\'Brien "Jnr"','09/09/1999','Unit 4, Block B','Leeds','LS9 8AA')]).encode('utf-16-be'))
w('duplicate-headers.csv','NHS Number,Surname,Forename,Surname,Date of Birth,NHS No,Address Line 1,Postcode\r\n'+
  '\r\n'.join(','.join([r[0],r[3],r[2],'OTHER'+str(i),r[4],N[10+i],r[5],r[7]]) for i,r in enumerate(rows))+'\r\n')
order=[7,3,0,4,2,6,5,1]
hs=H.split(',')
w('columns-any-order.csv',','.join(hs[i] for i in order)+'\r\n'+''.join(line([r[i] for i in order])+'\r\n' for r in rows))
w('trailing-empty-rows.csv',csv(rows)+(',,,,,,,\r\n'*50)+('\r\n'*20)+'  ,\t,,,,,,\r\n')
w('us-dates.csv',csv(rows[:2]+[(N[3],'Mr','Dev','Anand','10/27/1990','1 Mill Road','','LS1 1AA')]))
w('no-header-row.csv',''.join(line(r)+'\r\n' for r in rows))
w('missing-postcode-column.csv',','.join(hs[:-1])+'\r\n'+''.join(line(r[:-1])+'\r\n' for r in rows))
w('cr-line-ends.csv',csv(rows,eol='\r'))
w('semicolons-bom.csv',b'\xef\xbb\xbf'+csv(rows).replace(',',';').encode())

# ---- hand-made XLSX (what Excel writes: inline or shared strings, cached formula values) ----
def col(i):
    s=''
    i+=1
    while i: i,r=divmod(i-1,26); s=chr(65+r)+s
    return s
def esc(s): return s.replace('&','&amp;').replace('<','&lt;').replace('>','&gt;')
def cellxml(ref,v):
    if v is None: return ''
    if isinstance(v,tuple):  # ('f', formula, cached, type)
        _,f,cached,t=v
        ta=' t="str"' if t=='str' else (' t="b"' if t=='b' else '')
        vv='' if cached is None else '<v>%s</v>'%esc(str(cached))
        return '<c r="%s"%s><f>%s</f>%s</c>'%(ref,ta,esc(f),vv)
    if isinstance(v,(int,float)): return '<c r="%s"><v>%s</v></c>'%(ref,v)
    return '<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>'%(ref,esc(v))
def sheetxml(rows,merges=()):
    out=['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for rn,r in rows:
        out.append('<row r="%d">'%rn+''.join(cellxml(col(i)+str(rn),v) for i,v in enumerate(r))+'</row>')
    out.append('</sheetData>')
    if merges: out.append('<mergeCells count="%d">'%len(merges)+''.join('<mergeCell ref="%s"/>'%m for m in merges)+'</mergeCells>')
    out.append('</worksheet>')
    return ''.join(out)
def xlsx(name,sheets):
    z=io.BytesIO()
    with zipfile.ZipFile(z,'w',zipfile.ZIP_DEFLATED) as zf:
        zf.writestr('[Content_Types].xml','<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'+''.join('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'%(i+1) for i in range(len(sheets)))+'</Types>')
        zf.writestr('_rels/.rels','<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        zf.writestr('xl/workbook.xml','<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'+''.join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>'%(esc(s[0]),i+1,i+1) for i,s in enumerate(sheets))+'</sheets></workbook>')
        zf.writestr('xl/_rels/workbook.xml.rels','<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'+''.join('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>'%(i+1,i+1) for i in range(len(sheets)))+'</Relationships>')
        for i,s in enumerate(sheets):
            zf.writestr('xl/worksheets/sheet%d.xml'%(i+1),sheetxml(s[1],s[2] if len(s)>2 else ()))
    return z.getvalue()
hx=H.split(',')
xrows=[(1,hx)]+[(i+2,list(r)) for i,r in enumerate(rows)]
w('multi-sheet.xlsx',xlsx('m',[('Read me',[(1,['Exported from EMIS Web']),(2,['Search: bulk enablement'])]),
   ('Patients',xrows),('Old list',[(1,hx),(2,[N[9],'Mr','Old','Entry','01/01/1940','1 Gone Street','','LS1 1AA'])])]))
w('xlsx-renamed.csv',xlsx('x',[('Sheet1',xrows)]))
# merged cells: the surname merged across rows 2-3 (a family), an address merged across two columns
mr=[(1,hx),(2,[N[0],'Mr','Arthur','Pendlebury','03/04/1951','14 Quarry Lane',None,'LS6 2QR']),
    (3,[N[1],'Mrs','Beatrix',None,'27-Oct-1969','14 Quarry Lane',None,'LS6 2QR']),
    (4,[N[2],'Ms','Zoë','Brontë','1980-02-01','3 Café Street',None,'YO1 7HH'])]
w('merged-cells.xlsx',xlsx('mc',[('Sheet1',mr,['D2:D3','F4:G4'])]))
# formulas with cached values: a DOB from DATE(), a name from CONCATENATE, a postcode from UPPER, one with no cached value
fr=[(1,hx+['Has Access']),
    (2,[('f','9991000010*0+%s'%N[0],N[0],None),'Mr','Arthur',('f','PROPER("PENDLEBURY")','Pendlebury','str'),('f','DATE(1951,4,3)',18721,None),'14 Quarry Lane','Leeds',('f','UPPER("ls6 2qr")','LS6 2QR','str'),('f','1=2','0','b')]),
    (3,[N[1],'Mrs','Beatrix','Okonkwo-Hale',('f','DATE(1969,10,27)',25503,None),'Flat 2','9 Tannery Row',('f','UPPER("ls7 3ab")',None,'str'),('f','1=1','1','b')]),
   ]
w('formulas.xlsx',xlsx('f',[('Sheet1',fr)]))
dr=[(1,hx+['104']),(2,list(rows[0])+['01/11/2023']),(3,list(rows[1])+['2023-11-01']),(4,list(rows[2])+['1-Nov-2023']),
    (5,[N[3],'Mr','Dev','Anand','5/6/1990','1 Mill Road','','LS1 1AA',45231]),(6,[N[4],'Mr','Eli','Moss','not known','2 Mill Road','','LS1 1AA','yesterday'])]
w('dates-as-text.xlsx',xlsx('d',[('Sheet1',dr)]))
w('us-dates-as-text.xlsx',xlsx('u',[('Sheet1',[(1,hx),(2,list(rows[0])),(3,[N[3],'Mr','Dev','Anand','10/27/1990','1 Mill Road','','LS1 1AA'])])]))
w('no-nhs-sheet.xlsx',xlsx('n',[('Sheet1',[(1,['Forename','Surname']),(2,['Arthur','Pendlebury'])]),('Sheet2',[])]))
w('truncated.xlsx',xlsx('t',[('Sheet1',xrows)])[:900])
print(sorted(os.listdir(D)))

# ---- added: line breaks inside quoted cells ----
# the quote opens in Address Line 1 and closes a row later: row 3 is swallowed into an address
w('swallowed-rows-address.csv',H+'\r\n'+N[0]+',Mr,Arthur,Pendlebury,03/04/1951,"14 Quarry Lane,Leeds,LS6 2QR\r\n'+line(rows[1])+'\r\n'+N[2]+',Ms,Zoë,Brontë,1980-02-01,3 Café Street",,YO1 7HH\r\n')
# a single Address column with line breaks inside quotes, as some exports write it: fine
w('address-with-line-breaks.csv','NHS Number,Full Name,Date of Birth,Address\r\n'+
  N[0]+',"PENDLEBURY, Arthur (Mr)",03/04/1951,"14 Quarry Lane\r\nLeeds\r\nLS6 2QR"\r\n'+
  N[1]+',"OKONKWO-HALE, Beatrix (Mrs)",27-Oct-1969,"Flat 2,\n9 Tannery Row,\nLeeds LS7 3AB"\r\n')

# damaged-claims-3gb.xlsx is multi-sheet.xlsx with bytes changed by the fuzzer so that the
# zip directory claims sheet2.xml unpacks to 3.4 GB (it is 135 bytes); it is committed as is.

# damaged-sheet.xlsx: 400 patients, one byte of the sheet's compressed data changed. excelize
# ignores the unpacking error and would give the rows before the damage only.
many=[(1,hx)]+[(i+2,[nhs(100+i),'Mr','Arthur','Pendlebury','03/04/1951','%d Quarry Lane'%(i+1),'Leeds','LS6 2QR']) for i in range(400)]
good=xlsx('dmg',[('Sheet1',many)])
zf=zipfile.ZipFile(io.BytesIO(good))
info=zf.getinfo('xl/worksheets/sheet1.xml')
start=info.header_offset+30+len(info.filename)+len(info.extra)
bad=bytearray(good); bad[start+info.compress_size//2]^=0x55
w('damaged-sheet.xlsx',bytes(bad))

# ---- added: row ends a spreadsheet shows (issue 10.2) ----
more=rows+[(N[3],'Mr','Dev','Anand','05/06/1990','1 Mill Road','','LS1 1AA'),(N[4],'Mr','René','Lefèvre','12/12/1945','2 Rue Court','','LS2 9JT')]
# Excel for Mac's "CSV (Macintosh)": every row ends with a lone CR, and one address was
# typed with a line break (LF) inside its quoted cell. Five patients, rows 2 to 6.
mac=[list(r) for r in more]; mac[1][5]='Flat 2\n9 Tannery Row'; mac[1][6]=''
w('mac-cr-rows-lf-in-address.csv',csv(mac,eol='\r'))
# A CRLF file in which one row (row 3) ends with a lone CR, as a hand edit can leave it.
w('crlf-one-lone-cr.csv',H+'\r\n'+line(more[0])+'\r\n'+line(more[1])+'\r'+''.join(line(r)+'\r\n' for r in more[2:]))

# ---- added: no header row, and code columns that hold the codes themselves (issue 10.3) ----
# "104" and "1364731000000104" are accepted headings as well as cell values: the first
# patient row must not be taken for a header row, nor quoted in the message.
w('no-header-codes-in-cells.csv',''.join(line(list(r)+['104','1364731000000104'])+'\r\n' for r in rows))

# ---- added: a comma too many or too few (issue 10.4) ----
# Row 3's address has an unquoted comma: every later cell moves one column right, so the
# patient coded 104 and at risk would be read as uncoded. Row 4 lost the comma between its
# address lines: the mobile number lands in the Postcode column.
HC=H+',104,At Risk,Mobile'
w('comma-shifted-cells.csv',HC+'\r\n'+line(list(rows[0])+['','N','07700 900001'])+'\r\n'+
  ','.join([N[1],'Mrs','Beatrix','Okonkwo-Hale','27-Oct-1969','Flat 2, 9 Tannery Row','Leeds','LS7 3AB','01/11/2023','Y','07700 900002'])+'\r\n'+
  ','.join([N[2],'Ms','Zoë','Brontë','1980-02-01','3 Café Street Leeds','YO1 7HH','','N','07700 900003'])+'\r\n'+
  line((N[3],'Mr','Dev','Anand','05/06/1990','1 Mill Road','','LS1 1AA','','N',''))+'\r\n')

# ---- added: At Risk values that are not plain yes or no (issue 10.5) ----
# Each is at risk (a review under missed-date), never the opt-out notice.
HR=H+',At Risk'
risk=['Yes - safeguarding concern','At risk','Y (MARAC)','N']
w('at-risk-not-plain.csv',HR+'\r\n'+''.join(line(list(r)+[v])+'\r\n' for r,v in zip(more[:4],risk)))

# ---- added: workbooks whose rows or sheets a spreadsheet orders or hides (issue 10.6) ----
def zput(zf,name,body):
    zi=zipfile.ZipInfo(name,date_time=(2026,12,1,0,0,0)); zi.compress_type=zipfile.ZIP_DEFLATED
    zf.writestr(zi,body)
def book(sheets,sst=None):
    """sheets: (name, state or '', worksheet xml); sst: list of shared-string xml items."""
    z=io.BytesIO()
    with zipfile.ZipFile(z,'w') as zf:
        zput(zf,'[Content_Types].xml','<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>')
        zput(zf,'_rels/.rels','<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        zput(zf,'xl/workbook.xml','<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'+''.join('<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>'%(esc(s[0]),i+1,' state="%s"'%s[1] if s[1] else '',i+1) for i,s in enumerate(sheets))+'</sheets></workbook>')
        rels=''.join('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>'%(i+1,i+1) for i in range(len(sheets)))
        if sst is not None: rels+='<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        zput(zf,'xl/_rels/workbook.xml.rels','<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'+rels+'</Relationships>')
        if sst is not None: zput(zf,'xl/sharedStrings.xml',sst)
        for i,s in enumerate(sheets): zput(zf,'xl/worksheets/sheet%d.xml'%(i+1),s[2])
    return z.getvalue()
def ws(rowxml,after=''):
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'+''.join(rowxml)+'</sheetData>'+after+'</worksheet>'
def rowx(rn,cells,attrs=''):
    return '<row r="%d"%s>'%(rn,attrs)+''.join(cellxml(col(i)+str(rn),v) for i,v in enumerate(cells))+'</row>'
HX=[rowx(1,hx)]
P=[list(r) for r in more]
# Rows 3 and 4 stored after row 5 (a tool that appends edited rows at the end).
w('xlsx-rows-out-of-order.xlsx',book([('Patients','',ws(HX+[rowx(2,P[0]),rowx(5,P[3]),rowx(3,P[1]),rowx(4,P[2])]))]))
# Row 3 written twice, with two patients' cells.
w('xlsx-row-number-twice.xlsx',book([('Patients','',ws(HX+[rowx(2,P[0]),rowx(3,P[1]),rowx(3,P[2]),rowx(4,P[3])]))]))
# Row 3 hidden by hand, row 5 filtered out by an autofilter (both hidden="1" in the file):
# a spreadsheet does not show them, so they are not sent.
w('xlsx-hidden-rows.xlsx',book([('Patients','',ws(HX+[rowx(2,P[0]),rowx(3,P[1],' hidden="1"'),rowx(4,P[2]),rowx(5,P[3],' hidden="1"'),rowx(6,P[4])],
   '<autoFilter ref="A1:H6"><filterColumn colId="7"><filters><filter val="LS6 2QR"/></filters></filterColumn></autoFilter>'))]))
# A hidden sheet (an old list) comes first; the visible one is read.
w('xlsx-hidden-sheet-first.xlsx',book([('Old list','hidden',ws(HX+[rowx(2,[N[9],'Mr','Old','Entry','01/01/1940','1 Gone Street','','LS1 1AA'])])),
   ('Patients','',ws(HX+[rowx(i+2,P[i]) for i in range(3)]))]))
# The only sheet with an NHS number column is hidden.
w('xlsx-only-sheet-hidden.xlsx',book([('Read me','',ws([rowx(1,['Exported from EMIS Web'])])),('Patients','veryHidden',ws(HX+[rowx(2,P[0])]))]))

# ---- added: smaller ones (issue 10.10) ----
# Dates of birth in the future (a mistake, not a child) and before 1900; a postcode of
# UNKNOWN; Communication Needs that mention large print with and without a "not"; a name
# with a zero-width space and one with a byte-order mark pasted in.
HS=H+',Communication Needs'
w('impossible-values.csv',HS+'\r\n'+''.join(line(r)+'\r\n' for r in [
  list(more[0])+['Large print'],
  [N[1],'Mrs','Beatrix','Okonkwo-Hale','27-Oct-1969','Flat 2','9 Tannery Row','LS7 3AB','Does not need large print'],
  [N[2],'Ms','Zoë','Brontë','01/01/2031','3 Café Street','','YO1 7HH','No large print'],
  [N[3],'Mr','Dev','Anand','31/12/1899','1 Mill Road','','LS1 1AA','Large print not required'],
  [N[4],'Mr','René','Lefèvre','12/12/1945','2 Rue Court','','UNKNOWN',''],
  [N[5],'Mr','Ar\u200bthur','\ufeffPendlebury','03/04/1951','14 Quarry Lane','Leeds','LS6 2QR','Requires large print (18 pt), not braille'],
  [N[6],'Mr','Seán','O\'Brien','09/09/1999','2 Rue Court','','N/A','Large print: no']]))
# One Address column and a Postcode column: row 2's address ends in the same postcode (it
# is printed once); row 3's ends in another (which is right cannot be told).
w('address-column-other-postcode.csv','NHS Number,Full Name,Date of Birth,Address,Postcode\r\n'+
  line([N[0],'PENDLEBURY, Arthur (Mr)','03/04/1951','14 Quarry Lane, Leeds, LS6 2QR','LS6 2QR'])+'\r\n'+
  line([N[1],'OKONKWO-HALE, Beatrix (Mrs)','27-Oct-1969','Flat 2, 9 Tannery Row, Leeds LS7 3AB','LS6 2QR'])+'\r\n')
# The shared strings part is cut short, though still well-formed XML and the zip intact:
# it says it holds 14 texts and holds 8, so the patient's name and address would be blank.
ss=['NHS Number','Title','Forename','Surname','Date of Birth','Address Line 1','Address Line 2','Postcode','Mr','Arthur','Pendlebury','14 Quarry Lane','Leeds','LS6 2QR']
sstx='<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'%(len(ss),len(ss))+''.join('<si><t>%s</t></si>'%esc(x) for x in ss)+'</sst>'
cut=sstx[:sstx.index('<si><t>Mr<')]+'</sst>'
def srow(rn,idx): return '<row r="%d">'%rn+''.join('<c r="%s%d" t="s"><v>%d</v></c>'%(col(i),rn,v) for i,v in enumerate(idx) if v is not None)+'</row>'
w('xlsx-shared-strings-cut-short.xlsx',book([('Patients','',ws([srow(1,range(8)),
  '<row r="2"><c r="A2"><v>%s</v></c>'%N[0]+''.join('<c r="%s2" t="s"><v>%d</v></c>'%(col(i+1),v) for i,v in enumerate([8,9,10]))+'<c r="E2" t="inlineStr"><is><t>03/04/1951</t></is></c>'+''.join('<c r="%s2" t="s"><v>%d</v></c>'%(col(i+5),v) for i,v in enumerate([11,12,13]))+'</row>']))],sst=cut))
