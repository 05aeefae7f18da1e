import KubeAuth
import Testing
