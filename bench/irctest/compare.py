"""Compares two irctest JUnit reports: what the first server passes and the second does not, and back."""
import xml.etree.ElementTree as ET, sys
def res(f):
    r={}
    for tc in ET.parse(f).getroot().iter('testcase'):
        name=tc.get('classname').replace('irctest.server_tests.','')+'::'+tc.get('name')
        st='pass'
        for ch in tc:
            if ch.tag in ('failure','error'): st='fail'
            elif ch.tag=='skipped': st='xfail' if 'xfail' in (ch.get('type') or '') else 'skip'
        r[name]=st
    return r
n=res(sys.argv[1]); t=res(sys.argv[2])
from collections import Counter
print('ngircd', Counter(n.values()), 'tcpkit', Counter(t.values()))
bad=[k for k in n if n[k]=='pass' and t.get(k)!='pass']
print(len(bad), 'passed by ngircd, not by tcpkit:')
for k in bad: print(' ', k, t.get(k))
better=[k for k in t if t[k]=='pass' and n.get(k)!='pass']
print(len(better), 'passed by tcpkit, not by ngircd:')
for k in better: print(' ', k, n.get(k))
