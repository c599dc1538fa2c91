# porch — turns porch.conf.example into the Debian package's /etc/porch/porch.conf.
1i\
# This is the configuration of the Debian package: porchd runs from\
# porchd.socket (listen "fd:3"), the socket belongs to the web server's group,\
# and the postinst wrote a new secret_key to /etc/porch/secret.conf.\

s|^listen = "unix:/run/porch/porchd.sock";|listen = "fd:3";|
s|^socket_group = "";|socket_group = "www-data";|
/^#secret_key = "";/c\
# The package's postinst made the key at install (/etc/porch/secret.conf,\
# mode 0640, group porch); keep that file with your backups.\
@include "/etc/porch/secret.conf"
