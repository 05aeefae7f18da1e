import Testing

@testable import KubeAPI

/// Services and Endpoints.
struct ValidationServiceTests {
    static let cases: [ValidationCase] = [
        ValidationCase("a valid service passes", "Service", Fixtures.service(), []),
        ValidationCase("a headless service needs no ports", "Service", Fixtures.service(spec: ["clusterIP": "None", "ports": []]), []),
        ValidationCase("ports are required", "Service", Fixtures.service(spec: ["ports": []]), ["spec.ports: Required value"]),
        ValidationCase(
            "an ExternalName service needs its name", "Service", Fixtures.service(spec: ["type": "ExternalName", "ports": []]),
            ["spec.externalName: Required value"]),
        ValidationCase(
            "ports are 1-65535", "Service", Fixtures.service(spec: ["ports": [["port": 70000]]]),
            [
                "spec.ports[0].port: Invalid value: 70000: \(Message.portRange)",
                "spec.ports[0].targetPort: Invalid value: 70000: \(Message.portRange)",
            ]),
        ValidationCase(
            "several ports need names", "Service", Fixtures.service(spec: ["ports": [["port": 80], ["port": 443]]]),
            ["spec.ports[0].name: Required value", "spec.ports[1].name: Required value"]),
        ValidationCase(
            "port names are unique", "Service",
            Fixtures.service(spec: ["ports": [["name": "http", "port": 80], ["name": "http", "port": 8080]]]),
            ["spec.ports[1].name: Duplicate value: \"http\""]),
        ValidationCase(
            "port and protocol pairs are unique", "Service",
            Fixtures.service(spec: ["ports": [["name": "http", "port": 80], ["name": "web", "port": 80]]]),
            [
                "spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"
            ]),
        ValidationCase(
            "service protocols are TCP, UDP or SCTP", "Service", Fixtures.service(spec: ["ports": [["port": 80, "protocol": "HTTP"]]]),
            ["spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""]),
        ValidationCase(
            "the type is an enumeration", "Service", Fixtures.service(spec: ["type": "Internal"]),
            ["spec.type: Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""]),
        ValidationCase(
            "session affinity is ClientIP or None", "Service", Fixtures.service(spec: ["sessionAffinity": "Sticky"]),
            ["spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\""]),
        ValidationCase(
            "selectors are labels", "Service", Fixtures.service(spec: ["selector": ["app": "web server"]]),
            ["spec.selector: Invalid value: \"web server\": \(Message.labelValue)"]),
        ValidationCase(
            "a named target port is a port name", "Service", Fixtures.service(spec: ["ports": [["port": 80, "targetPort": "Web"]]]),
            ["spec.ports[0].targetPort: Invalid value: \"Web\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"]),
        ValidationCase(
            "cluster IPs are IP addresses", "Service", Fixtures.service(spec: ["clusterIP": "10.0.0.300"]),
            ["spec.clusterIPs[0]: Invalid value: \"10.0.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"]),
        ValidationCase(
            "ClusterIP services take no node ports", "Service", Fixtures.service(spec: ["ports": [["port": 80, "nodePort": 30080]]]),
            ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]),
        ValidationCase("a NodePort service may pick its node port", "Service", Fixtures.service(spec: ["type": "NodePort", "ports": [["port": 80, "nodePort": 30080]]]), []),
        ValidationCase(
            "endpoint addresses are not loopback", "Endpoints",
            Fixtures.object("Endpoints", "v1", name: "web", ["subsets": [["addresses": [["ip": "127.0.0.1"]], "ports": [["port": 80]]]]]),
            ["subsets[0].addresses[0].ip: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)"]),
        ValidationCase(
            "endpoint subsets have addresses", "Endpoints", Fixtures.object("Endpoints", "v1", name: "web", ["subsets": [["ports": [["port": 80]]]]]),
            ["subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`"]),
    ]

    @Test(arguments: cases)
    func serviceRule(_ row: ValidationCase) {
        #expect(Fixtures.createErrors(row.object, row.type) == row.expected)
    }
}
