# Rasterises resources/icons/genrelab.svg (rounded rectangles only) to a PNG without SVG tools:
# /usr/bin/python3 scripts/render-icon.py 256 resources/icons/genrelab-256.png  (Qt here has no SVG plugin)
import numpy as np, zlib, struct, sys
size=int(sys.argv[1]); out=sys.argv[2]; ss=4; N=size*ss
scale=N/64.0
yy,xx=np.mgrid[0:N,0:N]; px=(xx+0.5)/scale; py=(yy+0.5)/scale
img=np.zeros((N,N,4))
def rrect(x,y,w,h,r,col):
    c=tuple(int(col[i:i+2],16)/255 for i in (1,3,5))
    dx=np.maximum(np.maximum(x+r-px,px-(x+w-r)),0); dy=np.maximum(np.maximum(y+r-py,py-(y+h-r)),0)
    inside=(px>=x)&(px<=x+w)&(py>=y)&(py<=y+h)&(dx*dx+dy*dy<=r*r)
    img[inside,:3]=c; img[inside,3]=1
rrect(2,2,60,60,10,'#440154'); rrect(10,40,8,14,2,'#fde725'); rrect(20,30,8,24,2,'#5ec962')
rrect(30,18,8,36,2,'#21918c'); rrect(40,26,8,28,2,'#3b528b'); rrect(50,36,6,18,2,'#5ec962')
a=img.reshape(size,ss,size,ss,4)
alpha=a[...,3].mean(axis=(1,3))
rgb=(a[...,:3]*a[...,3:4]).sum(axis=(1,3))/np.maximum(a[...,3].sum(axis=(1,3)),1e-9)[...,None]
pix=np.dstack([rgb,alpha[...,None]]); pix=(np.clip(pix,0,1)*255+0.5).astype(np.uint8)
raw=b''.join(b'\x00'+pix[r].tobytes() for r in range(size))
def chunk(t,d): return struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)&0xffffffff)
open(out,'wb').write(b'\x89PNG\r\n\x1a\n'+chunk(b'IHDR',struct.pack('>IIBBBBB',size,size,8,6,0,0,0))+chunk(b'IDAT',zlib.compress(raw,9))+chunk(b'IEND',b''))
